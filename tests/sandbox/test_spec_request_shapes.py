"""The default (lenient) sandbox acts on the request shapes the spec defines, which our client sends:
holidays of one member in a window, members added by id, a policy update without a unit, a new
workspace's organization and a rate's currency."""

from __future__ import annotations

from conftest import make_harness


def test_holidays_in_a_window_are_those_of_the_assigned_member():
    h = make_harness(entries=0)
    ws, member, admin = f"/workspaces/{h.ws_id}", h.user_id("member"), h.user_id("admin")
    h.ws().collection("holidays").clear()
    with h.client() as c:
        day = {"startDate": "2027-03-04", "endDate": "2027-03-04"}
        everyone = c.post(f"{ws}/holidays", json={"name": "Everyone's", "datePeriod": day}).json()
        theirs = c.post(f"{ws}/holidays", json={"name": "Member's", "datePeriod": day,
                                                "users": {"ids": [member]}}).json()

        def listed(user_id: str) -> list[str]:
            resp = c.get(f"{ws}/holidays/in-period", params={"assigned-to": user_id, "start": "2027-03-01T00:00:00Z",
                                                             "end": "2027-03-31T23:59:59Z"})
            assert resp.status_code == 200, resp.text
            return sorted(x["id"] for x in resp.json())

        assert listed(member) == sorted([everyone["id"], theirs["id"]])
        assert listed(admin) == [everyone["id"]]


def test_project_members_are_added_and_removed_by_id():
    h = make_harness(entries=0)
    ws, member, admin = f"/workspaces/{h.ws_id}", h.user_id("member"), h.user_id("admin")
    with h.client() as c:
        project = c.post(f"{ws}/projects", json={"name": "Shapes", "memberships": [{"userId": member}]}).json()
        url = f"{ws}/projects/{project['id']}/memberships"

        def members(resp) -> set[str]:
            assert resp.status_code == 200, resp.text
            return {m["userId"] for m in resp.json()["memberships"]}

        before = members(c.get(f"{ws}/projects/{project['id']}"))
        assert members(c.post(url, json={"userIds": [admin]})) == before | {admin}
        assert members(c.post(url, json={"userIds": [admin], "remove": True})) == before


def test_a_policy_update_without_a_unit_keeps_the_unit():
    h = make_harness(entries=0)
    ws = f"/workspaces/{h.ws_id}"
    with h.client() as c:
        policy = c.post(f"{ws}/time-off/policies", json={"name": "Hourly leave", "timeUnit": "HOURS",
                                                         "approve": {"requiresApproval": True}}).json()
        resp = c.put(f"{ws}/time-off/policies/{policy['id']}", json={"name": "Hourly leave 2"})
    assert resp.status_code == 200, resp.text
    assert (resp.json()["name"], resp.json()["timeUnit"]) == ("Hourly leave 2", "HOURS")


def test_a_new_workspace_keeps_its_organization_and_a_rate_its_currency():
    h = make_harness(entries=0)
    with h.client() as c:
        made = c.post("/workspaces", json={"name": "Side", "organizationId": "0123456789abcdef01234567"})
        rated = c.put(f"/workspaces/{h.ws_id}/hourly-rate", json={"amount": 9500, "currency": "EUR"})
    assert made.status_code == 201 and made.json()["cakeOrganizationId"] == "0123456789abcdef01234567"
    assert rated.status_code == 200 and rated.json()["hourlyRate"] == {"amount": 9500, "currency": "EUR"}
