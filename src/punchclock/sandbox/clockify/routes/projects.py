"""Routes: projects and their tasks."""

from __future__ import annotations

from punchclock.sandbox.core.http import Reply
from punchclock.sandbox.clockify.routing import Ctx, route

ORDER = ("ASCENDING", "DESCENDING")
PROJECT = {"name": str, "clientId": str, "color": str, "billable": bool, "isPublic": bool, "note": str,
           "archived": bool, "estimate": dict, "hourlyRate": dict, "costRate": dict, "memberships": list,
           "tasks": list}
TASK = {"name": str, "status": str, "estimate": str, "assigneeIds": [str], "userGroupIds": [str], "billable": bool,
        "budgetEstimate": int, "hourlyRate": dict, "costRate": dict}


@route("GET", "/workspaces/{workspaceId}/projects")
def list_projects(ctx: Ctx):
    q = ctx.query
    rows = ctx.backend.projects.list(
        ctx.ws, ctx.caller, name=q.str("name"), strict=bool(q.bool("strict-name-search", False)),
        archived=q.bool("archived"), billable=q.bool("billable"), clients=q.list("clients"),
        contains_client=q.enum("contains-client", ("CONTAINS", "DOES_NOT_CONTAIN"), "CONTAINS") == "CONTAINS",
        users=q.list("users"),
        contains_user=q.enum("contains-user", ("CONTAINS", "DOES_NOT_CONTAIN"), "CONTAINS") == "CONTAINS",
        is_template=q.bool("is-template"),
        sort_column=q.enum("sort-column", ("ID", "NAME", "CLIENT_NAME", "DURATION", "BUDGET", "PROGRESS")),
        sort_order=q.enum("sort-order", ORDER), hydrated=bool(q.bool("hydrated", False)),
        access=q.enum("access", ("PUBLIC", "PRIVATE")))
    return ctx.paged(rows)


@route("POST", "/workspaces/{workspaceId}/projects")
def create_project(ctx: Ctx):
    return Reply(ctx.backend.projects.create(ctx.ws, ctx.caller, ctx.body.typed(PROJECT)), 201)


@route("POST", "/workspaces/{workspaceId}/projects/from-template")
def project_from_template(ctx: Ctx):
    body = ctx.body.typed({"name": str, "templateProjectId": str, "clientId": str, "color": str, "isPublic": bool},
                          required=("name", "templateProjectId"))
    return ctx.backend.projects.from_template(ctx.ws, ctx.caller, body)


@route("GET", "/workspaces/{workspaceId}/projects/{projectId}")
def get_project(ctx: Ctx):
    projects = ctx.backend.projects
    return projects.shape(ctx.ws, projects.get(ctx.ws, ctx.params["projectId"]),
                          hydrated=bool(ctx.query.bool("hydrated", False)))


@route("PUT", "/workspaces/{workspaceId}/projects/{projectId}")
def update_project(ctx: Ctx):
    return ctx.backend.projects.update(ctx.ws, ctx.caller, ctx.params["projectId"], ctx.body.typed(PROJECT))


@route("DELETE", "/workspaces/{workspaceId}/projects/{projectId}")
def delete_project(ctx: Ctx):
    return ctx.backend.projects.delete(ctx.ws, ctx.caller, ctx.params["projectId"])


@route("PATCH", "/workspaces/{workspaceId}/projects/{projectId}/estimate")
def project_estimate(ctx: Ctx):
    body = ctx.body.typed({"timeEstimate": dict, "budgetEstimate": dict})
    return ctx.backend.projects.set_estimate(ctx.ws, ctx.caller, ctx.params["projectId"], body)


@route("POST", "/workspaces/{workspaceId}/projects/{projectId}/memberships")
def assign_project_users(ctx: Ctx):
    """The spec's ``{userIds, userGroups, remove}`` adds (or removes) members; a ``memberships`` list,
    as older clients send, replaces them."""
    body = ctx.body.typed({"memberships": list, "remove": bool, "userIds": [str], "userGroups": dict})
    return ctx.backend.projects.set_memberships(ctx.ws, ctx.caller, ctx.params["projectId"], body, replace=True)


@route("PATCH", "/workspaces/{workspaceId}/projects/{projectId}/memberships")
def update_project_memberships(ctx: Ctx):
    body = ctx.body.typed({"memberships": list}, required=("memberships",))
    return ctx.backend.projects.set_memberships(ctx.ws, ctx.caller, ctx.params["projectId"], body, replace=False)


@route("PATCH", "/workspaces/{workspaceId}/projects/{projectId}/template")
def project_template(ctx: Ctx):
    body = ctx.body.typed({"isTemplate": bool}, required=("isTemplate",))
    return ctx.backend.projects.set_template(ctx.ws, ctx.caller, ctx.params["projectId"], body["isTemplate"])


@route("PUT", "/workspaces/{workspaceId}/projects/{projectId}/users/{userId}/hourly-rate")
def project_user_hourly_rate(ctx: Ctx):
    body = ctx.body.typed({"amount": int}, required=("amount",))
    return ctx.backend.projects.set_user_rate(ctx.ws, ctx.caller, ctx.params["projectId"], ctx.params["userId"],
                                              "hourly", body["amount"])


@route("PUT", "/workspaces/{workspaceId}/projects/{projectId}/users/{userId}/cost-rate")
def project_user_cost_rate(ctx: Ctx):
    body = ctx.body.typed({"amount": int}, required=("amount",))
    return ctx.backend.projects.set_user_rate(ctx.ws, ctx.caller, ctx.params["projectId"], ctx.params["userId"],
                                              "cost", body["amount"])


@route("GET", "/workspaces/{workspaceId}/projects/{projectId}/tasks")
def list_tasks(ctx: Ctx):
    q = ctx.query
    rows = ctx.backend.tasks.list(ctx.ws, ctx.params["projectId"], name=q.str("name"),
                                  strict=bool(q.bool("strict-name-search", False)), is_active=q.bool("is-active"),
                                  sort_column=q.enum("sort-column", ("ID", "NAME")),
                                  sort_order=q.enum("sort-order", ORDER))
    return ctx.paged(rows)


@route("POST", "/workspaces/{workspaceId}/projects/{projectId}/tasks")
def create_task(ctx: Ctx):
    return Reply(ctx.backend.tasks.create(ctx.ws, ctx.caller, ctx.params["projectId"], ctx.body.typed(TASK)), 201)


@route("GET", "/workspaces/{workspaceId}/projects/{projectId}/tasks/{taskId}")
def get_task(ctx: Ctx):
    tasks = ctx.backend.tasks
    return tasks.shape(ctx.ws, tasks.get(ctx.ws, ctx.params["projectId"], ctx.params["taskId"]))


@route("PUT", "/workspaces/{workspaceId}/projects/{projectId}/tasks/{taskId}")
def update_task(ctx: Ctx):
    return ctx.backend.tasks.update(ctx.ws, ctx.caller, ctx.params["projectId"], ctx.params["taskId"],
                                    ctx.body.typed(TASK))


@route("DELETE", "/workspaces/{workspaceId}/projects/{projectId}/tasks/{taskId}")
def delete_task(ctx: Ctx):
    return ctx.backend.tasks.delete(ctx.ws, ctx.caller, ctx.params["projectId"], ctx.params["taskId"])


@route("PUT", "/workspaces/{workspaceId}/projects/{projectId}/tasks/{taskId}/hourly-rate")
def task_hourly_rate(ctx: Ctx):
    body = ctx.body.typed({"amount": int}, required=("amount",))
    return ctx.backend.tasks.set_rate(ctx.ws, ctx.caller, ctx.params["projectId"], ctx.params["taskId"],
                                      "hourly", body["amount"])


@route("PUT", "/workspaces/{workspaceId}/projects/{projectId}/tasks/{taskId}/cost-rate")
def task_cost_rate(ctx: Ctx):
    body = ctx.body.typed({"amount": int}, required=("amount",))
    return ctx.backend.tasks.set_rate(ctx.ws, ctx.caller, ctx.params["projectId"], ctx.params["taskId"],
                                      "cost", body["amount"])
