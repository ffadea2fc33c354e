"""Routes: invoices, approval requests, custom fields, time off and the entity change feeds."""

from __future__ import annotations

from punchclock.sandbox.clockify import errors
from punchclock.sandbox.core.http import Reply
from punchclock.sandbox.clockify.routing import Ctx, no_content, paged, route

FIELD = {"name": str, "type": str, "status": str, "allowedValues": [str], "description": str, "placeholder": str,
         "required": bool, "onlyAdminCanEdit": bool, "entityType": str}
POLICY = {"name": str, "timeUnit": str, "icon": str, "color": str, "allowHalfDay": bool, "allowNegativeBalance": bool,
          "everyoneIncludingNew": bool, "userIds": [str], "userGroupIds": [str], "users": dict, "userGroups": dict,
          "approve": dict, "automaticTimeEntryCreation": dict, "archived": bool, "hasExpiration": bool,
          "automaticAccrual": dict, "negativeBalance": dict}


@route("GET", "/workspaces/{workspaceId}/invoices")
def list_invoices(ctx: Ctx):
    """``{invoices, total}`` (one page of them, ``Last-Page`` in the headers)."""
    rows = ctx.backend.invoices.list(ctx.ws, ctx.caller, statuses=ctx.query.list("statuses"))
    page, size = ctx.page()
    chunk = paged(rows, page, size)
    return Reply({"invoices": chunk.data, "total": len(rows)}, headers=chunk.headers)


@route("POST", "/workspaces/{workspaceId}/invoices")
def create_invoice(ctx: Ctx):
    body = ctx.body.typed({"clientId": str, "issuedDate": str, "dueDate": str, "number": str, "currency": str})
    return Reply(ctx.backend.invoices.create(ctx.ws, ctx.caller, body), 201)


@route("GET", "/workspaces/{workspaceId}/invoices/{invoiceId}")
def get_invoice(ctx: Ctx):
    ctx.backend.require_admin(ctx.ws, ctx.caller)
    return dict(ctx.backend.invoices.get(ctx.ws, ctx.params["invoiceId"]))


@route("PUT", "/workspaces/{workspaceId}/invoices/{invoiceId}")
def update_invoice(ctx: Ctx):
    body = ctx.body.typed({"issuedDate": str, "dueDate": str, "note": str, "items": list, "number": str,
                           "currency": str, "subject": str, "discountPercent": (int, float),
                           "taxPercent": (int, float), "tax2Percent": (int, float)})
    return ctx.backend.invoices.update(ctx.ws, ctx.caller, ctx.params["invoiceId"], body)


@route("PATCH", "/workspaces/{workspaceId}/invoices/{invoiceId}/status")
def invoice_status(ctx: Ctx):
    body = ctx.body.typed({"invoiceStatus": str}, required=("invoiceStatus",))
    ctx.backend.invoices.set_status(ctx.ws, ctx.caller, ctx.params["invoiceId"], body["invoiceStatus"])
    return no_content()


@route("POST", "/workspaces/{workspaceId}/invoices/info")
def filter_invoices(ctx: Ctx):
    body = ctx.body.typed({"statuses": [str], "page": int, "pageSize": int}, data=ctx.body.object(required=False))
    rows = ctx.backend.invoices.list(ctx.ws, ctx.caller, statuses=body.get("statuses") or ())
    page, size = body.get("page") or 1, body.get("pageSize") or 50
    return {"total": len(rows), "invoices": rows[(page - 1) * size: page * size]}


@route("GET", "/workspaces/{workspaceId}/invoices/settings")
def invoice_settings(ctx: Ctx):
    return ctx.backend.invoices.settings(ctx.ws, ctx.caller)


@route("PUT", "/workspaces/{workspaceId}/invoices/settings")
def update_invoice_settings(ctx: Ctx):
    ctx.backend.invoices.settings(ctx.ws, ctx.caller, ctx.body.typed({"defaults": dict, "labels": dict}))
    return no_content()


@route("POST", "/workspaces/{workspaceId}/invoices/{invoiceId}/duplicate")
def duplicate_invoice(ctx: Ctx):
    return Reply(ctx.backend.invoices.duplicate(ctx.ws, ctx.caller, ctx.params["invoiceId"]), 201)


@route("POST", "/workspaces/{workspaceId}/invoices/{invoiceId}/items")
def add_invoice_item(ctx: Ctx):
    body = ctx.body.typed({"description": str, "quantity": (int, float), "unitPrice": int, "itemType": str,
                           "applyTaxes": str})
    return ctx.backend.invoices.add_item(ctx.ws, ctx.caller, ctx.params["invoiceId"], body)


@route("DELETE", "/workspaces/{workspaceId}/invoices/{invoiceId}/items/{order}")
def remove_invoice_item(ctx: Ctx):
    return ctx.backend.invoices.remove_item(ctx.ws, ctx.caller, ctx.params["invoiceId"], ctx.params["order"])


@route("POST", "/workspaces/{workspaceId}/invoices/{invoiceId}/items/import")
def import_invoice_items(ctx: Ctx):
    body = ctx.body.typed({"from": str, "to": str, "importExpenses": bool, "projectFilter": dict,
                           "timeEntryGroupType": str, "timeEntryPrimaryGroupBy": str, "expensesGroupType": str,
                           "expensesGroupBy": str}, required=("importExpenses",))
    return ctx.backend.invoices.import_items(ctx.ws, ctx.caller, ctx.params["invoiceId"], body)


@route("GET", "/workspaces/{workspaceId}/invoices/{invoiceId}/export")
def export_invoice(ctx: Ctx):
    pdf = ctx.backend.invoices.export(ctx.ws, ctx.caller, ctx.params["invoiceId"], ctx.query.str("userLocale"))
    return Reply(pdf, media_type="application/pdf")


@route("GET", "/workspaces/{workspaceId}/invoices/{invoiceId}/payments")
def invoice_payments(ctx: Ctx):
    return ctx.paged(ctx.backend.invoices.payments(ctx.ws, ctx.caller, ctx.params["invoiceId"]))


@route("POST", "/workspaces/{workspaceId}/invoices/{invoiceId}/payments")
def add_invoice_payment(ctx: Ctx):
    body = ctx.body.typed({"amount": int, "paymentDate": str, "note": str}, required=("amount",))
    return Reply(ctx.backend.invoices.add_payment(ctx.ws, ctx.caller, ctx.params["invoiceId"], body), 201)


@route("DELETE", "/workspaces/{workspaceId}/invoices/{invoiceId}/payments/{paymentId}")
def remove_invoice_payment(ctx: Ctx):
    return ctx.backend.invoices.remove_payment(ctx.ws, ctx.caller, ctx.params["invoiceId"], ctx.params["paymentId"])


@route("DELETE", "/workspaces/{workspaceId}/invoices/{invoiceId}")
def delete_invoice(ctx: Ctx):
    ctx.backend.invoices.delete(ctx.ws, ctx.caller, ctx.params["invoiceId"])
    return no_content()


@route("GET", "/workspaces/{workspaceId}/approval-requests")
def list_approvals(ctx: Ctx):
    status = ctx.query.enum("status", ("PENDING", "APPROVED", "REJECTED", "WITHDRAWN_SUBMISSION", "WITHDRAWN_APPROVAL"))
    return ctx.paged(ctx.backend.approvals.list(ctx.ws, ctx.caller, status=status))


@route("POST", "/workspaces/{workspaceId}/approval-requests")
def submit_approval(ctx: Ctx):
    body = ctx.body.typed({"periodStart": str, "period": str, "note": str}, data=ctx.body.object(required=False))
    return Reply(ctx.backend.approvals.submit(ctx.ws, ctx.caller, body), 201)


@route("POST", "/workspaces/{workspaceId}/approval-requests/users/{userId}")
def submit_approval_for(ctx: Ctx):
    body = ctx.body.typed({"periodStart": str, "period": str, "note": str}, required=("periodStart",))
    return Reply(ctx.backend.approvals.submit(ctx.ws, ctx.caller, body, ctx.params["userId"]), 201)


APPROVAL_TYPES = ("TIMESHEET", "EXPENSE", "TIMESHEET_AND_EXPENSE")


def _approval_type(value: str) -> str:
    if value.upper() not in APPROVAL_TYPES:
        raise errors.bad_parameter("type", value, "ApprovalType", f"No enum constant for value [{value}]")
    return value.upper()


@route("POST", "/workspaces/{workspaceId}/approval-requests/{approvalRequestId}")
def submit_typed_approval(ctx: Ctx):
    """Submit your own period with a type (the path segment: TIMESHEET, EXPENSE, TIMESHEET_AND_EXPENSE)."""
    kind = _approval_type(ctx.params["approvalRequestId"])
    body = ctx.body.typed({"periodStart": str, "period": str, "note": str}, required=("periodStart",))
    return Reply(ctx.backend.approvals.submit(ctx.ws, ctx.caller, body, kind=kind), 201)


@route("POST", "/workspaces/{workspaceId}/approval-requests/users/{userId}/{type}")
def submit_typed_approval_for(ctx: Ctx):
    """Submit a member's period with a type (admins, or the member themself)."""
    kind = _approval_type(ctx.params["type"])
    body = ctx.body.typed({"periodStart": str, "period": str, "note": str}, required=("periodStart",))
    return Reply(ctx.backend.approvals.submit(ctx.ws, ctx.caller, body, ctx.params["userId"], kind=kind), 201)


@route("POST", "/workspaces/{workspaceId}/approval-requests/resubmit-entries-for-approval")
def resubmit_approval(ctx: Ctx):
    body = ctx.body.typed({"periodStart": str, "period": str, "note": str}, required=("periodStart",))
    return ctx.backend.approvals.resubmit(ctx.ws, ctx.caller, body)


@route("POST", "/workspaces/{workspaceId}/approval-requests/users/{userId}/resubmit-entries-for-approval")
def resubmit_approval_for(ctx: Ctx):
    body = ctx.body.typed({"periodStart": str, "period": str, "note": str}, required=("periodStart",))
    return ctx.backend.approvals.resubmit(ctx.ws, ctx.caller, body, ctx.params["userId"])


@route("PATCH", "/workspaces/{workspaceId}/approval-requests/{approvalRequestId}")
def decide_approval(ctx: Ctx):
    body = ctx.body.typed({"state": str, "note": str}, required=("state",))
    return ctx.backend.approvals.decide(ctx.ws, ctx.caller, ctx.params["approvalRequestId"], body["state"], body.get("note"))


@route("GET", "/workspaces/{workspaceId}/custom-fields")
def list_fields(ctx: Ctx):
    q = ctx.query
    return ctx.backend.custom_fields.list(ctx.ws, name=q.str("name"), status=q.str("status"),
                                          entity_type=q.str("entity-type"))


@route("POST", "/workspaces/{workspaceId}/custom-fields")
def create_field(ctx: Ctx):
    return Reply(ctx.backend.custom_fields.write(ctx.ws, ctx.caller, ctx.body.typed(FIELD)), 201)


@route("GET", "/workspaces/{workspaceId}/custom-fields/{customFieldId}")
def get_field(ctx: Ctx):
    raise errors.method_not_supported("GET")  # live: single custom fields are read from the list


@route("PUT", "/workspaces/{workspaceId}/custom-fields/{customFieldId}")
def update_field(ctx: Ctx):
    return ctx.backend.custom_fields.write(ctx.ws, ctx.caller, ctx.body.typed(FIELD), ctx.params["customFieldId"])


@route("DELETE", "/workspaces/{workspaceId}/custom-fields/{customFieldId}")
def delete_field(ctx: Ctx):
    ctx.backend.custom_fields.delete(ctx.ws, ctx.caller, ctx.params["customFieldId"])
    return Reply(None, 204)


@route("GET", "/workspaces/{workspaceId}/projects/{projectId}/custom-fields")
def project_fields(ctx: Ctx):
    return ctx.backend.custom_fields.project_values(ctx.ws, ctx.params["projectId"])


@route("PATCH", "/workspaces/{workspaceId}/projects/{projectId}/custom-fields/{customFieldId}")
def project_field(ctx: Ctx):
    body = ctx.body.typed({"status": str})
    return ctx.backend.custom_fields.set_project_value(ctx.ws, ctx.caller, ctx.params["projectId"],
                                                      ctx.params["customFieldId"], body)


@route("DELETE", "/workspaces/{workspaceId}/projects/{projectId}/custom-fields/{customFieldId}")
def clear_project_field(ctx: Ctx):
    return ctx.backend.custom_fields.clear_project_value(ctx.ws, ctx.caller, ctx.params["projectId"],
                                                        ctx.params["customFieldId"])


@route("PUT", "/workspaces/{workspaceId}/users/{userId}/custom-field/{customFieldId}/value")
def user_field_value(ctx: Ctx):
    body = ctx.body.object()
    return Reply(ctx.backend.custom_fields.set_user_value(ctx.ws, ctx.caller, ctx.params["userId"],
                                                         ctx.params["customFieldId"], body.get("value")), 201)


@route("GET", "/workspaces/{workspaceId}/time-off/policies")
def list_policies(ctx: Ctx):
    rows = ctx.backend.time_off.list(ctx.ws, name=ctx.query.str("name"), status=ctx.query.str("status"))
    return ctx.paged(rows, max_size=200)


@route("POST", "/workspaces/{workspaceId}/time-off/policies")
def create_policy(ctx: Ctx):
    return Reply(ctx.backend.time_off.write(ctx.ws, ctx.caller, ctx.body.typed(POLICY)), 201)


@route("GET", "/workspaces/{workspaceId}/time-off/policies/{policyId}")
def get_policy(ctx: Ctx):
    return dict(ctx.backend.time_off.get(ctx.ws, ctx.params["policyId"]))


@route("PUT", "/workspaces/{workspaceId}/time-off/policies/{policyId}")
def update_policy(ctx: Ctx):
    return ctx.backend.time_off.write(ctx.ws, ctx.caller, ctx.body.typed(POLICY), ctx.params["policyId"])


@route("PATCH", "/workspaces/{workspaceId}/time-off/policies/{policyId}")
def policy_status(ctx: Ctx):
    body = ctx.body.typed({"status": str}, required=("status",))
    return ctx.backend.time_off.set_status(ctx.ws, ctx.caller, ctx.params["policyId"], body["status"])


@route("DELETE", "/workspaces/{workspaceId}/time-off/policies/{policyId}")
def delete_policy(ctx: Ctx):
    ctx.backend.time_off.delete(ctx.ws, ctx.caller, ctx.params["policyId"])
    return no_content()


@route("POST", "/workspaces/{workspaceId}/time-off/policies/{policyId}/requests")
def request_time_off(ctx: Ctx):
    body = ctx.body.typed({"timeOffPeriod": dict, "note": str})
    return ctx.backend.time_off.request(ctx.ws, ctx.caller, ctx.params["policyId"], ctx.caller.id, body)


@route("POST", "/workspaces/{workspaceId}/time-off/policies/{policyId}/users/{userId}/requests")
def request_time_off_for(ctx: Ctx):
    body = ctx.body.typed({"timeOffPeriod": dict, "note": str})
    return ctx.backend.time_off.request(ctx.ws, ctx.caller, ctx.params["policyId"], ctx.params["userId"], body)


@route("PATCH", "/workspaces/{workspaceId}/time-off/policies/{policyId}/requests/{requestId}")
def decide_time_off(ctx: Ctx):
    body = ctx.body.typed({"status": str, "note": str}, required=("status",))
    return ctx.backend.time_off.decide(ctx.ws, ctx.caller, ctx.params["policyId"], ctx.params["requestId"], body["status"])


@route("DELETE", "/workspaces/{workspaceId}/time-off/policies/{policyId}/requests/{requestId}")
def withdraw_time_off(ctx: Ctx):
    return ctx.backend.time_off.withdraw(ctx.ws, ctx.caller, ctx.params["policyId"], ctx.params["requestId"])


@route("GET", "/workspaces/{workspaceId}/time-off/balance/policy/{policyId}")
def policy_balances(ctx: Ctx):
    ctx.page(max_size=200)
    return ctx.backend.time_off.balances(ctx.ws, ctx.caller, policy_id=ctx.params["policyId"])


@route("GET", "/workspaces/{workspaceId}/time-off/balance/user/{userId}")
def user_balances(ctx: Ctx):
    ctx.page(max_size=200)
    return ctx.backend.time_off.balances(ctx.ws, ctx.caller, user_id=ctx.params["userId"])


@route("PATCH", "/workspaces/{workspaceId}/time-off/balance/policy/{policyId}")
def adjust_balances(ctx: Ctx):
    body = ctx.body.typed({"note": str, "userIds": [str], "value": (int, float)}, required=("userIds", "value"))
    ctx.backend.time_off.adjust(ctx.ws, ctx.caller, ctx.params["policyId"], body)
    return Reply(None, 204)


@route("POST", "/workspaces/{workspaceId}/time-off/requests")
def search_time_off(ctx: Ctx):
    body = ctx.body.typed({"statuses": [str], "users": list}, data=ctx.body.object(required=False))
    return ctx.backend.time_off.search(ctx.ws, ctx.caller, body)


def _feed(kind: str):
    def handler(ctx: Ctx):
        q = ctx.query
        page, limit = q.int("page", 0), q.int("limit", 50)
        if limit < 1 or limit > 5000:
            raise errors.invalid("limit: must be between 1 and 5000")
        rows = ctx.backend.changes.feed(ctx.ws, ctx.caller, kind, q.list("type") or None, q.instant("start"),
                                        q.instant("end"))
        return rows[max(0, page) * limit: (max(0, page) + 1) * limit]
    return handler


for _kind in ("created", "updated", "deleted"):
    _fn = _feed(_kind)
    _fn.__name__ = f"entities_{_kind}"
    _fn.__doc__ = f"Entities {_kind} in a window."
    route("GET", f"/workspaces/{{workspaceId}}/entities/{_kind}")(_fn)
    globals()[_fn.__name__] = _fn
