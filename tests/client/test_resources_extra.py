"""The client's reports, holidays, expenses, invoices, approvals, custom fields, time off and change
feeds against the sandbox, sync and async, plus argument checks that send nothing."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import httpx
import pytest

from conftest import make_harness
from punchclock.errors import InvalidInput, PlanRequired, TransportError
from punchclock.providers.clockify import AsyncClockify, Clockify
from punchclock.sandbox.core.faults import Faults
from punchclock.sandbox.core.transport import SyncASGITransport

UTC = timezone.utc
NOV = (datetime(2026, 11, 1, tzinfo=UTC), datetime(2026, 11, 20, 23, 59, 59, tzinfo=UTC))


def client_for(h, role="owner"):
    return Clockify(h.key(role), h.ws_id, base_url="http://sandbox/api/v1", reports_url="http://sandbox/reports/v1",
                    transport=SyncASGITransport(h.app), rate=1000)


def finished_seconds(h, start, end):
    return sum(e.end - e.start for e in h.ws().entries.values()
               if e.end is not None and start.timestamp() <= e.start <= end.timestamp())


def test_reports_totals_match_the_entries_and_detailed_walks_every_page():
    h = make_harness(entries=600)
    with client_for(h) as clockify:
        summary = clockify.reports.summary(*NOV, groups=("PROJECT", "USER"))
        assert summary["totals"][0]["totalTime"] == finished_seconds(h, *NOV)
        rows = list(clockify.reports.detailed(*NOV, page_size=40))
        expected = [e for e in h.ws().entries.values() if e.end and NOV[0].timestamp() <= e.start <= NOV[1].timestamp()]
        assert len(rows) == len(expected) and len({r["_id"] for r in rows}) == len(rows)
        csv = clockify.reports.summary(*NOV, export="CSV")
        assert isinstance(csv, bytes) and csv.startswith(b"Project,")
        week = clockify.reports.weekly(datetime(2026, 11, 9, tzinfo=UTC), datetime(2026, 11, 15, 23, 59, 59, tzinfo=UTC))
        assert "totalsByDay" in week


def test_workspace_data_round_trips():
    h = make_harness(entries=50)
    with client_for(h) as clockify:
        holiday = clockify.holidays.create("Offsite", date(2027, 3, 4), date(2027, 3, 5))
        window = {"start": date(2027, 3, 1), "end": date(2027, 3, 31)}
        assert [x.id for x in clockify.holidays.list(**window, user_id=h.user_id("member"))] == [holiday.id]
        category = clockify.expenses.create_category("Parking", unit_price=250, unit="hour")
        expense = clockify.expenses.create(category.id, date(2026, 11, 12), quantity=3, notes="client visit")
        assert expense.total == 750 and expense.id in h.ws().collection("expenses")
        client_id = next(iter(h.ws().clients))
        invoice = clockify.invoices.create(client_id, date(2026, 11, 1), number="INV-8", currency="usd")
        assert (invoice.model_extra["dueDate"], invoice.model_extra["currency"]) == ("2026-12-01T00:00:00Z", "USD")
        numbered = clockify.invoices.create(client_id, date(2026, 11, 1), date(2026, 11, 15), number="INV-9",
                                            currency="USD")
        assert (numbered.number, numbered.model_extra["dueDate"]) == ("INV-9", "2026-11-15T00:00:00Z")
        assert clockify.invoices.set_status(invoice.id, "SENT") is None  # the spec documents no body
        assert clockify.invoices.get(invoice.id).status == "SENT"
        field = clockify.custom_fields.create("Ticket2")
        assert field.id in {f.id for f in clockify.custom_fields.list()}
        policy = clockify.time_off.create_policy("Sick leave")
        asked = clockify.time_off.request(policy.id, date(2026, 12, 1), date(2026, 12, 2))
        assert clockify.time_off.decide(policy.id, asked.id, "APPROVED").status["statusType"] == "APPROVED"
        submitted = clockify.approvals.submit(datetime(2026, 11, 10, tzinfo=UTC))
        assert [a.id for a in clockify.approvals.list(status="PENDING")] == [submitted.id]
        since = datetime.now(UTC) - timedelta(minutes=5)
        changes = clockify.changes.list("created", "HOLIDAYS", start=since, end=datetime.now(UTC) + timedelta(minutes=5))
        assert [c.id for c in changes] == [holiday.id]


def test_paid_features_raise_plan_required_on_free_workspaces():
    h = make_harness(entries=10, plan="free")
    with client_for(h) as clockify:
        with pytest.raises(PlanRequired) as caught:
            clockify.custom_fields.list()
        assert caught.value.feature == "CUSTOM_FIELDS" and caught.value.status == 403
        with pytest.raises(PlanRequired):
            clockify.time_off.policies().to_list()
        assert len(clockify.holidays.list()) == 3


@pytest.mark.anyio
async def test_async_client_gives_the_same_answers():
    h = make_harness(entries=300)
    async with AsyncClockify(h.key(), h.ws_id, base_url="http://sandbox/api/v1", reports_url="http://sandbox/reports/v1",
                             transport=httpx.ASGITransport(h.app), rate=1000) as clockify:
        summary = await clockify.reports.summary(*NOV)
        rows = [r async for r in clockify.reports.detailed(*NOV, page_size=25)]
        holidays = await clockify.holidays.list()
        policies = await clockify.time_off.policies().to_list()
    with client_for(h) as sync:
        assert summary == sync.reports.summary(*NOV)
        assert [r["_id"] for r in rows] == [r["_id"] for r in sync.reports.detailed(*NOV, page_size=25)]
    assert len(holidays) == 3 and [p.name for p in policies] == ["Vacation"]


@pytest.mark.parametrize("call,field", [
    (lambda c: c.holidays.create("x", date(2027, 1, 2), date(2027, 1, 1)), "end"),
    (lambda c: c.holidays.list(start=date(2027, 1, 1)), "end"),
    (lambda c: c.expenses.create("", date(2027, 1, 1), amount=1), "category_id"),
    (lambda c: c.expenses.create("c1", date(2027, 1, 1), amount=-5), "amount"),
    (lambda c: c.invoices.set_status("i1", "LOST"), "status"),
    (lambda c: c.invoices.add_item("i1", "x", -1), "unit_price"),
    (lambda c: c.invoices.add_item("i1", "x", 1, 0), "quantity"),
    (lambda c: c.invoices.add_item("i1", "x", 1, taxes="VAT"), "taxes"),
    (lambda c: c.invoices.create("c1", date(2026, 11, 2), date(2026, 11, 1), number="1", currency="USD"), "due"),
    (lambda c: c.invoices.create("c1", date(2026, 11, 2), number="1", currency="dollars"), "currency"),
    (lambda c: c.invoices.update("i1", number="1", currency="USD", issued=date(2026, 11, 2), tax=120), "tax"),
    (lambda c: c.invoices.update_settings(labels={"totl": "Sum"}), "labels"),
    (lambda c: c.holidays.list(start=date(2027, 1, 1), end=date(2027, 1, 2)), "user_id"),
    (lambda c: c.workspaces.create("Side", ""), "organization_id"),
    (lambda c: c.workspaces.set_hourly_rate(100, "US"), "currency"),
    (lambda c: c.projects.assign_members("p1", []), "user_ids"),
    (lambda c: c.time_off.request("p1", date(2026, 12, 2), date(2026, 12, 1)), "end"),
    (lambda c: c.reports.summary(NOV[1], NOV[0]), "end"),
    (lambda c: c.reports.summary(datetime(2026, 11, 1), NOV[1]), "start"),
    (lambda c: c.reports.summary(*NOV, groups=("PLANET",)), "groups"),
    (lambda c: c.reports.detailed_page(*NOV, page_size=5000), "page_size"),
    (lambda c: c.time_off.create_policy("x", unit="WEEKS"), "unit"),
    (lambda c: c.changes.list("renamed", "TIME_ENTRY", start=NOV[0], end=NOV[1]), "kind"),
    (lambda c: c.time_entries.create(start=datetime(2026, 11, 1, 9)), "start"),
    (lambda c: c.projects.get(""), "project_id"),
    (lambda c: c.expenses.create("c1", date(2027, 1, 1), amount=1, receipt="/no/such/receipt.png"), "receipt"),
    (lambda c: c.expenses.create("c1", date(2027, 1, 1), amount=1, receipt=b""), "receipt"),
    (lambda c: c.expenses.create("c1", date(2027, 1, 1), quantity=0), "quantity"),
    (lambda c: c.expenses.receipt("e1", ""), "file_id"),
    (lambda c: c.user.upload_image(("notes.txt", b"hello")), "image"),
    (lambda c: c.invoices.export("i1", locale=""), "locale"),
    (lambda c: c.invoices.import_items("i1", date(2026, 11, 2), date(2026, 11, 1)), "end"),
    (lambda c: c.invoices.import_items("i1", date(2026, 11, 1), date(2026, 11, 2), group="BY_MOOD"), "group"),
    (lambda c: c.approvals.resubmit(datetime(2026, 11, 9)), "week_of"),
    (lambda c: c.users.set_custom_field("u1", "", 3), "field_id"),
    (lambda c: c.reports.expenses_page(*NOV, page_size=0), "page_size"),
    (lambda c: c.approvals.submit(None), "week_of"),
    (lambda c: c.changes.list("created", "TIME_ENTRY", start=NOV[0], end=None), "end"),
    (lambda c: c.scheduling.list(None, NOV[1]), "start"),
])
def test_bad_arguments_fail_before_any_request(call, field):
    h = make_harness(entries=10)
    with client_for(h) as clockify:
        with pytest.raises(InvalidInput) as caught:
            call(clockify)
    assert caught.value.field == field
    assert h.app.stats.total == 0


def test_the_rest_of_the_workspace_data_against_the_sandbox():
    h = make_harness(entries=50)
    ws = h.ws()
    with client_for(h) as clockify:
        holiday = clockify.holidays.list()[0]
        assert clockify.holidays.update(holiday.id, "Renamed", date(2026, 12, 31)).name == "Renamed"
        category = clockify.expenses.categories()[1]
        assert clockify.expenses.update_category(category.id, "Rail").name == "Rail"
        assert clockify.expenses.archive_category(category.id).archived is True
        expense = clockify.expenses.list()[0]
        assert clockify.expenses.get(expense.id).id == expense.id
        changed = clockify.expenses.update(expense.id, category.id, date(2026, 11, 2), amount=999)
        assert changed.total == 999 and ws.collection("expenses")[expense.id]["total"] == 999
        empty = clockify.expenses.create_category("Unused")
        clockify.expenses.delete_category(empty.id)
        assert empty.id not in ws.collection("expense_categories")
        invoice = clockify.invoices.list()[0]
        changed = clockify.invoices.update(invoice.id, number="INV-77", currency="USD", issued=date(2026, 11, 3),
                                           discount=10, tax=8, subject="November")
        stored = ws.collection("invoices")[invoice.id]
        assert changed.number == "INV-77" and (stored["discount"], stored["tax"], stored["subject"]) == (10, 8, "November")
        field = clockify.custom_fields.list()[0]
        assert clockify.custom_fields.update(field.id, "Ticket no").name == "Ticket no"
        project = next(p for p in ws.projects.values() if not p["archived"])
        clockify.custom_fields.set_project_default(project["id"], field.id, "OPS-1")
        assert clockify.custom_fields.of_project(project["id"])[0].model_extra["workspaceDefaultValue"] == "OPS-1"
        policy = clockify.time_off.policies().to_list()[0]
        assert clockify.time_off.policy(policy.id).name == "Vacation"
        assert clockify.time_off.update_policy(policy.id, "Annual leave").name == "Annual leave"
        assert clockify.time_off.archive_policy(policy.id).archived is True
        clockify.time_off.delete_policy(policy.id)
        assert not ws.collection("policies")
        member = h.user_id("member")
        clockify.projects.update_members(project["id"], {member: 13300})
        rates = {m["userId"]: m.get("hourlyRate", {}).get("amount") for m in ws.projects[project["id"]]["memberships"]}
        assert rates[member] == 13300


def test_shared_reports_round_trip():
    h = make_harness(entries=300)
    with client_for(h) as clockify:
        saved = clockify.reports.share("November", "SUMMARY", *NOV)
        assert [r["id"] for r in clockify.reports.shared()] == [saved["id"]]
        clockify.reports.update_shared(saved["id"], name="November (all)")
        opened = clockify.reports.open_shared(saved["id"])
        assert opened["totals"][0]["totalTime"] == finished_seconds(h, *NOV)
        assert clockify.reports.open_shared(saved["id"], export="CSV").startswith(b"Project,")
        clockify.reports.delete_shared(saved["id"])
        assert clockify.reports.shared() == []


def test_a_budget_asked_for_by_a_later_client_applies_to_the_shared_limiter():
    h = make_harness(entries=10)
    first = client_for(h)
    second = Clockify(h.key(), h.ws_id, base_url="http://sandbox/api/v1", transport=SyncASGITransport(h.app),
                      budget_per_hour=2)
    assert first.limiter is second.limiter and first.limiter.budget.limit == 2
    first.user.me()
    second.user.me()
    from punchclock.errors import BudgetExceeded

    with pytest.raises(BudgetExceeded):
        first.tags.list().to_list()
    assert h.app.stats.total == 2


def test_invoice_lines_payments_and_withdrawals_through_the_client():
    h = make_harness(entries=10)
    with client_for(h) as clockify:
        invoice = clockify.invoices.create(next(iter(h.ws().clients)), date(2026, 11, 1), number="INV-5", currency="USD")
        clockify.invoices.add_item(invoice.id, "Design", 10000, quantity=3)
        payment = clockify.invoices.add_payment(invoice.id, 10000, day=date(2026, 11, 20))
        assert [p["id"] for p in clockify.invoices.payments(invoice.id)] == [payment["id"]]
        assert clockify.invoices.get(invoice.id).balance == 20000
        clockify.invoices.remove_payment(invoice.id, payment["id"])
        assert clockify.invoices.remove_item(invoice.id, 1).amount == 0
        copy = clockify.invoices.duplicate(invoice.id)
        assert copy.id in {i.id for i in clockify.invoices.filter(statuses=["UNSENT"])}
        assert clockify.invoices.update_settings(defaults={"dueDays": 10}) is None  # the spec documents no body
        assert clockify.invoices.settings()["defaults"]["dueDays"] == 10
        assert clockify.invoices.settings()["defaults"]["dueDays"] == 10
        policy = clockify.time_off.policies().to_list()[0]
        asked = clockify.time_off.request(policy.id, datetime(2026, 12, 1, tzinfo=UTC), datetime(2026, 12, 2, tzinfo=UTC))
        clockify.time_off.withdraw(policy.id, asked.id)
        assert not h.ws().collection("time_off_requests")
        field = clockify.custom_fields.list()[0]
        project = next(iter(h.ws().projects))
        clockify.custom_fields.set_project_default(project, field.id, "A")
        assert clockify.custom_fields.clear_project_default(project, field.id).model_extra["projectDefaultValues"] == []
        with pytest.raises(InvalidInput):
            clockify.invoices.add_payment(invoice.id, 0)


def test_profiles_roles_managers_and_balances():
    h = make_harness(entries=10)
    member, admin = h.user_id("member"), h.user_id("admin")
    with client_for(h) as clockify:
        assert clockify.users.profile(member)["workCapacity"] == "PT8H"
        changed = clockify.users.update_profile(member, name="Grace H.", work_capacity=timedelta(hours=6),
                                                working_days=["MONDAY", "TUESDAY"])
        assert changed["workCapacity"] == "PT6H" and h.backend.state.users[member]["name"] == "Grace H."
        roles = clockify.users.grant_role(admin, "TEAM_MANAGER", member)
        assert roles == [{"role": "TEAM_MANAGER", "userId": admin, "workspaceId": h.ws_id}]
        assert [u.id for u in clockify.users.managers(member)] == [admin]
        clockify.users.revoke_role(admin, "TEAM_MANAGER", member)
        assert clockify.users.managers(member).to_list() == []
        policy = clockify.time_off.policies().to_list()[0]
        clockify.time_off.adjust_balance(policy.id, [member], 20)
        asked = clockify.time_off.request(policy.id, date(2026, 12, 1), date(2026, 12, 2), user_id=member)
        clockify.time_off.decide(policy.id, asked.id, "APPROVED")
        [mine] = [b for b in clockify.time_off.balances(policy_id=policy.id) if b["userId"] == member]
        assert (mine["total"], mine["used"], mine["balance"]) == (20, 2, 18)
        assert clockify.time_off.balances(user_id=member)[0]["balance"] == 18
    with client_for(h, "member") as own:
        with pytest.raises(Exception) as denied:
            own.users.grant_role(member, "WORKSPACE_ADMIN", member)
        assert getattr(denied.value, "status", None) == 403
        with pytest.raises(InvalidInput):
            own.time_off.balances()


def test_invites_searches_templates_and_approvals_for_others():
    h = make_harness(entries=10)
    member = h.user_id("member")
    with client_for(h) as clockify:
        clockify.users.invite("new.hire@agency.test")
        hired = next(u for u in h.backend.state.users.values() if u["email"] == "new.hire@agency.test")
        assert h.ws().members[hired["id"]]["status"] == "PENDING"
        assert [u.email for u in clockify.users.search(email="new.hire")] == ["new.hire@agency.test"]
        template = next(p for p in h.ws().projects.values() if not p["archived"] and any(
            t["projectId"] == p["id"] for t in h.ws().tasks.values()))
        clockify.projects.set_template(template["id"], True)
        made = clockify.projects.from_template(template["id"], "Copied Project")
        copied = [t["name"] for t in h.ws().tasks.values() if t["projectId"] == made.id]
        assert copied and sorted(copied) == sorted(t["name"] for t in h.ws().tasks.values()
                                                   if t["projectId"] == template["id"])
        request = clockify.approvals.submit_for(member, datetime(2026, 11, 11, tzinfo=UTC))
        assert request.owner["userId"] == member
    free = make_harness(entries=0, plan="free")
    with client_for(free) as clockify:
        with pytest.raises(PlanRequired):
            clockify.users.invite("someone@agency.test")


def test_receipts_images_invoice_files_resubmissions_and_user_values(tmp_path):
    h = make_harness(entries=300)
    h.ws().extra.clear()
    receipt = tmp_path / "ticket.png"
    receipt.write_bytes(b"\x89PNG\r\n\x1a\nreceipt")
    client_id = next(p["clientId"] for p in h.ws().projects.values() if p["clientId"] and p["billable"])
    project = next(p for p in h.ws().projects.values() if p["clientId"] == client_id)
    with client_for(h, "member") as member:
        with client_for(h) as owner:
            travel_id = owner.expenses.create_category("Travel").id
            badge = owner.custom_fields.create("Badge", type="NUMBER", entity_type="USER")
            assert badge.entity_type == "USER"
        made = member.expenses.create(travel_id, date(2026, 11, 5), amount=4200, project_id=project["id"],
                                      billable=True, receipt=receipt)
        assert (made.user_id, made.total) == (h.user_id("member"), 4200)
        assert member.expenses.receipt(made.id, made.file_id) == receipt.read_bytes()
        changed = member.expenses.update(made.id, travel_id, date(2026, 11, 6), notes="train")
        assert (changed.notes, changed.total, changed.file_id) == ("train", 4200, made.file_id)
        image = member.user.upload_image(receipt)
        assert image["name"].endswith(".png") and image["url"].endswith(image["name"])
        value = member.users.set_custom_field(h.user_id("member"), badge.id, 7)
        assert value["value"] == 7 and h.ws().collection("profiles")[h.user_id("member")]["userCustomFieldValues"]
        week = datetime(2026, 11, 9, tzinfo=UTC)
        submitted = member.approvals.submit(week)
    with client_for(h) as owner:
        owner.approvals.decide(submitted.id, "REJECTED")
        assert owner.approvals.resubmit(week, user_id=h.user_id("member")).status["state"] == "PENDING"
        invoice = owner.invoices.create(client_id, date(2026, 11, 21), number="INV-6", currency="USD")
        filled = owner.invoices.import_items(invoice.id, date(2026, 11, 1), date(2026, 11, 20), group="GROUPED",
                                             group_by="PROJECT", expenses=True)
        expense_lines = [i for i in filled.items if i["importType"] == "EXPENSE_IMPORT"]
        assert [i["expenseIds"] for i in expense_lines] == [[made.id]] and filled.amount > 4200
        pdf = owner.invoices.export(invoice.id)
        assert pdf.startswith(b"%PDF-") and f"Invoice {filled.number}".encode() in pdf
        rows = list(owner.reports.expenses(*NOV, page_size=1))
        assert [r["id"] for r in rows] == [made.id] and rows[0]["invoicingInfo"]["invoiceId"] == invoice.id


def test_a_failed_multipart_create_is_not_sent_twice():
    h = make_harness(entries=10)
    h.ws().extra.clear()
    with client_for(h) as clockify:
        category_id = clockify.expenses.create_category("Meals").id
        h.app.faults.configure(Faults(drop_rate=1.0, seed=3, only_paths="/expenses"))
        with pytest.raises(TransportError):
            clockify.expenses.create(category_id, date(2026, 11, 5), amount=100, receipt=b"%PDF-1.4")
    assert len(h.ws().collection("expenses")) == 1 and len(h.ws().collection("receipts")) == 1


@pytest.mark.anyio
async def test_async_multipart_writes_and_the_expense_report_walk():
    h = make_harness(entries=10)
    h.ws().extra.clear()
    async with AsyncClockify(h.key("member"), h.ws_id, base_url="http://sandbox/api/v1",
                             reports_url="http://sandbox/reports/v1", transport=httpx.ASGITransport(h.app),
                             rate=1000) as member:
        category = h.backend.expenses.categories.write(h.ws(), h.backend.authenticate(h.key()), {"name": "Meals"})
        made = [await member.expenses.create(category["id"], date(2026, 11, day), amount=100 * day, receipt=b"r")
                for day in (3, 4, 5)]
        rows = [r async for r in member.reports.expenses(*NOV, page_size=2)]
        image = await member.user.upload_image(("me.gif", b"GIF89a"))
    assert {m.user_id for m in made} == {h.user_id("member")}
    assert sorted(r["amount"] for r in rows) == [300, 400, 500]
    assert image["name"].endswith(".gif")


def test_request_types_say_which_keys_are_required():
    from punchclock.providers.clockify import EntryChange

    assert EntryChange.__required_keys__ == {"id", "start"}
