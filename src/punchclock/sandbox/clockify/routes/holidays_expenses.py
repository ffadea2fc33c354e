"""Routes: holidays, expense categories and expenses."""

from __future__ import annotations

from punchclock.sandbox.clockify import errors
from punchclock.sandbox.core.http import Reply
from punchclock.sandbox.clockify.routing import Ctx, no_content, route

HOLIDAY = {"name": str, "datePeriod": dict, "occursAnnually": bool, "everyoneIncludingNew": bool, "userIds": [str],
           "userGroupIds": [str], "users": dict, "userGroups": dict, "color": str, "automaticTimeEntryCreation": dict}
CATEGORY = {"name": str, "hasUnitPrice": bool, "priceInCents": int, "unit": str}
EXPENSE = {"userId": str, "categoryId": str, "projectId": str, "taskId": str, "date": str, "amount": float,
           "quantity": float, "notes": str, "billable": bool, "changeFields": list}


@route("GET", "/workspaces/{workspaceId}/holidays")
def list_holidays(ctx: Ctx):
    return ctx.backend.holidays.list(ctx.ws)


@route("GET", "/workspaces/{workspaceId}/holidays/in-period")
def holidays_in_period(ctx: Ctx):
    from punchclock.sandbox.clockify.resources.holidays import parse_day

    start, end = ctx.query.str("start"), ctx.query.str("end")
    if not start:
        raise errors.missing_parameter("start")
    if not end:
        raise errors.missing_parameter("end")
    return ctx.backend.holidays.list(ctx.ws, start=parse_day(start, "start"), end=parse_day(end, "end"),
                                     assigned_to=ctx.query.str("assigned-to"))


@route("POST", "/workspaces/{workspaceId}/holidays")
def create_holiday(ctx: Ctx):
    return ctx.backend.holidays.write(ctx.ws, ctx.caller, ctx.body.typed(HOLIDAY))


@route("PUT", "/workspaces/{workspaceId}/holidays/{holidayId}")
def update_holiday(ctx: Ctx):
    return ctx.backend.holidays.write(ctx.ws, ctx.caller, ctx.body.typed(HOLIDAY), ctx.params["holidayId"])


@route("DELETE", "/workspaces/{workspaceId}/holidays/{holidayId}")
def delete_holiday(ctx: Ctx):
    return ctx.backend.holidays.delete(ctx.ws, ctx.caller, ctx.params["holidayId"])


@route("GET", "/workspaces/{workspaceId}/expenses/categories")
def list_categories(ctx: Ctx):
    rows = sorted(ctx.backend.expenses.categories.items(ctx.ws).values(), key=lambda c: c["name"].lower())
    archived = ctx.query.bool("archived")
    rows = [dict(c) for c in rows if archived is None or c["archived"] == archived]
    return {"categories": rows, "count": len(rows)}


@route("POST", "/workspaces/{workspaceId}/expenses/categories")
def create_category(ctx: Ctx):
    return Reply(ctx.backend.expenses.categories.write(ctx.ws, ctx.caller, ctx.body.typed(CATEGORY)), 201)


@route("PUT", "/workspaces/{workspaceId}/expenses/categories/{categoryId}")
def update_category(ctx: Ctx):
    return ctx.backend.expenses.categories.write(ctx.ws, ctx.caller, ctx.body.typed(CATEGORY), ctx.params["categoryId"])


@route("PATCH", "/workspaces/{workspaceId}/expenses/categories/{categoryId}/status")
def archive_category(ctx: Ctx):
    body = ctx.body.typed({"archived": bool}, required=("archived",))
    return ctx.backend.expenses.categories.archive(ctx.ws, ctx.caller, ctx.params["categoryId"], body["archived"])


@route("DELETE", "/workspaces/{workspaceId}/expenses/categories/{categoryId}")
def delete_category(ctx: Ctx):
    ctx.backend.require_admin(ctx.ws, ctx.caller)
    ctx.backend.expenses.categories.remove(ctx.ws, ctx.params["categoryId"])
    return Reply(None, 204)


@route("GET", "/workspaces/{workspaceId}/expenses")
def list_expenses(ctx: Ctx):
    page, size = ctx.page()
    return ctx.backend.expenses.listing(ctx.ws, ctx.caller, user_id=ctx.query.str("userId"), page=page, size=size)


@route("POST", "/workspaces/{workspaceId}/expenses")
def create_expense(ctx: Ctx):
    fields, files = ctx.body.form(EXPENSE)
    return Reply(ctx.backend.expenses.write(ctx.ws, ctx.caller, fields, receipt=files.get("file")), 201)


@route("GET", "/workspaces/{workspaceId}/expenses/{expenseId}")
def get_expense(ctx: Ctx):
    record = ctx.backend.expenses.get(ctx.ws, ctx.params["expenseId"])
    ctx.backend.require_self_or_admin(ctx.ws, ctx.caller, record["userId"])
    return dict(record)


@route("PUT", "/workspaces/{workspaceId}/expenses/{expenseId}")
def update_expense(ctx: Ctx):
    fields, files = ctx.body.form(EXPENSE)
    return ctx.backend.expenses.write(ctx.ws, ctx.caller, fields, ctx.params["expenseId"], receipt=files.get("file"))


@route("GET", "/workspaces/{workspaceId}/expenses/{expenseId}/files/{fileId}")
def download_receipt(ctx: Ctx):
    upload = ctx.backend.expenses.receipt(ctx.ws, ctx.caller, ctx.params["expenseId"], ctx.params["fileId"])
    return Reply(upload.data, media_type="application/octet-stream")


@route("DELETE", "/workspaces/{workspaceId}/expenses/{expenseId}")
def delete_expense(ctx: Ctx):
    ctx.backend.expenses.delete(ctx.ws, ctx.caller, ctx.params["expenseId"])
    return no_content()
