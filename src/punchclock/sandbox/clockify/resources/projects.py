"""Projects: names unique per client, archive before delete, memberships, estimates, hydrated tasks."""

from __future__ import annotations

import re

from punchclock.sandbox.clockify import errors
from punchclock.sandbox.clockify.resources._assignees import read_assignees
from punchclock.sandbox.clockify.resources._base import (
    Resource, by_name, check_name, currency_of, find, rate, sort_rows,
)
from punchclock.timeutil import format_duration

NAME = "projects"
COLOR = re.compile(r"^#(?:[0-9a-fA-F]{6})$")
SORT_COLUMNS = {"ID": "id", "NAME": "name", "CLIENT_NAME": "clientName", "DURATION": "_seconds",
                "BUDGET": "_budget", "PROGRESS": "_seconds"}


class Service(Resource):
    """Project rules."""

    def get(self, ws, project_id: str) -> dict:
        """The stored project, or 400/501 "Project doesn't belong to Workspace"."""
        return find(ws.projects, project_id, "Project")

    def shape(self, ws, record: dict, *, hydrated: bool = False) -> dict:
        """The project as Clockify sends it; ``hydrated`` adds its tasks."""
        out = dict(record)
        client = ws.clients.get(record["clientId"]) if record["clientId"] else None
        out["clientName"] = client["name"] if client else ""
        out["duration"] = format_duration(max(0, ws.project_seconds.get(record["id"], 0)))
        out["memberships"] = [dict(m) for m in record["memberships"]]
        if hydrated:
            tasks = self.backend.tasks
            out["tasks"] = [tasks.shape(ws, t) for t in ws.tasks.values() if t["projectId"] == record["id"]]
        return out

    def list(self, ws, caller, *, name=None, strict=False, archived=None, billable=None, clients=(),
             contains_client=True, users=(), contains_user=True, is_template=None, sort_column=None,
             sort_order=None, hydrated=False, access=None) -> list[dict]:
        """``GET /projects`` with Clockify's filters (``archived`` omitted returns both kinds)."""
        rows = by_name(ws.projects.values(), name, strict)
        if archived is not None:
            rows = [r for r in rows if r["archived"] == archived]
        if billable is not None:
            rows = [r for r in rows if r["billable"] == billable]
        if clients:
            rows = [r for r in rows if (r["clientId"] in clients) == contains_client]
        if users:
            wanted = set(users)
            rows = [r for r in rows if bool(wanted & {m["userId"] for m in r["memberships"]}) == contains_user]
        if is_template is not None:
            rows = [r for r in rows if r["template"] == is_template]
        if access:
            rows = [r for r in rows if r["public"] == (access.upper() == "PUBLIC")]
        if ws.roles.get(caller.id) == "member":
            rows = [r for r in rows if r["public"] or any(m["userId"] == caller.id for m in r["memberships"])]
        shaped = [self.shape(ws, r, hydrated=hydrated) for r in rows]
        for row in shaped:
            row["_seconds"] = ws.project_seconds.get(row["id"], 0)
            row["_budget"] = (row.get("budgetEstimate") or {}).get("estimate", 0)
        shaped = sort_rows(shaped, sort_column, sort_order, SORT_COLUMNS, "NAME")
        for row in shaped:
            del row["_seconds"], row["_budget"]
        return shaped

    def _client_id(self, ws, client_id) -> str:
        if not client_id:
            return ""
        return find(ws.clients, client_id, "Client")["id"]

    def _memberships(self, ws, project_id: str, items, owner_id: str | None) -> list[dict]:
        cur = currency_of(ws)
        out = []
        seen = set()
        for item in items or []:
            user_id = item.get("userId") if isinstance(item, dict) else None
            self.backend.member(ws, user_id)
            if user_id in seen:
                continue
            seen.add(user_id)
            m = {"userId": user_id, "targetId": project_id, "membershipType": "PROJECT", "membershipStatus": "ACTIVE"}
            if isinstance(item.get("hourlyRate"), dict) and item["hourlyRate"].get("amount") is not None:
                m["hourlyRate"] = rate(item["hourlyRate"]["amount"], cur)
            if isinstance(item.get("costRate"), dict) and item["costRate"].get("amount") is not None:
                m["costRate"] = rate(item["costRate"]["amount"], cur)
            out.append(m)
        if owner_id and owner_id not in seen:
            out.insert(0, {"userId": owner_id, "targetId": project_id, "membershipType": "PROJECT",
                           "membershipStatus": "ACTIVE"})
        return out

    def _check_unique(self, ws, name: str, client_id: str, skip: str | None = None) -> None:
        lowered = name.lower()
        for p in ws.projects.values():
            if p["id"] != skip and p["clientId"] == client_id and p["name"].lower() == lowered:
                raise errors.invalid("Project with this name already exists")

    def create(self, ws, caller, body: dict) -> dict:
        """``POST /projects``: name 2..250, unique per client; optional tasks and memberships."""
        if ws.record["workspaceSettings"]["onlyAdminsCreateProject"]:
            self.backend.require_admin(ws, caller)
        name = check_name(body.get("name"), "Project", low=2, high=250)
        client_id = self._client_id(ws, body.get("clientId"))
        self._check_unique(ws, name, client_id)
        color = body.get("color") or "#03A9F4"
        if not COLOR.match(color):
            raise errors.invalid("Color must be a hex color code such as #1976D2")
        note = body.get("note") or ""
        if len(note) > 16384:
            raise errors.invalid("Project note has to be at most 16384 characters long")
        cur = currency_of(ws)
        project_id = self.backend.new_id()
        estimate = body.get("estimate") or {}
        record = {
            "id": project_id, "name": name, "clientId": client_id, "workspaceId": ws.id,
            "billable": bool(body.get("billable", ws.record["workspaceSettings"]["defaultBillableProjects"])),
            "color": color, "archived": False, "public": bool(body.get("isPublic", False)),
            "template": False, "note": note,
            "hourlyRate": rate((body.get("hourlyRate") or {}).get("amount"), cur),
            "costRate": rate((body.get("costRate") or {}).get("amount"), cur),
            "memberships": self._memberships(ws, project_id, body.get("memberships"), caller.id),
            "estimate": {"estimate": estimate.get("estimate") or "PT0S", "type": estimate.get("type") or "AUTO"},
            "timeEstimate": {"active": False, "estimate": "PT0S", "includeNonBillable": True, "type": "AUTO"},
            "budgetEstimate": {"active": False, "estimate": 0, "includeExpenses": False, "type": "AUTO"},
        }
        ws.projects[project_id] = record
        for task in body.get("tasks") or []:
            self.backend.tasks.create(ws, caller, project_id, task, notify=False)
        return self._saved(ws, record, True)

    def _saved(self, ws, record: dict, created: bool) -> dict:
        ws.log_change("created" if created else "updated", "PROJECT", record["id"], self.backend.now())
        out = self.shape(ws, record)
        self.backend.emit(ws, "NEW_PROJECT" if created else "PROJECT_UPDATED", out,
                          sources={"PROJECT_ID": record["id"]})
        return out

    def update(self, ws, caller, project_id: str, body: dict) -> dict:
        """``PUT /projects/{id}``: fields given are replaced; omitted rates are kept (live behaviour)."""
        self.backend.require_admin(ws, caller)
        record = self.get(ws, project_id)
        name = check_name(body.get("name", record["name"]), "Project", low=2, high=250)
        client_id = self._client_id(ws, body["clientId"]) if "clientId" in body else record["clientId"]
        self._check_unique(ws, name, client_id, skip=project_id)
        color = body.get("color") or record["color"]
        if not COLOR.match(color):
            raise errors.invalid("Color must be a hex color code such as #1976D2")
        cur = currency_of(ws)
        record.update(name=name, clientId=client_id, color=color)
        for src, dst in (("isPublic", "public"), ("billable", "billable"), ("archived", "archived")):
            if body.get(src) is not None:
                record[dst] = bool(body[src])
        if body.get("note") is not None:
            record["note"] = body["note"]
        for key in ("hourlyRate", "costRate"):
            if isinstance(body.get(key), dict):
                record[key] = rate(body[key].get("amount"), cur)
        return self._saved(ws, record, False)

    def set_estimate(self, ws, caller, project_id: str, body: dict) -> dict:
        """``PATCH /projects/{id}/estimate``: time and budget estimates."""
        self.backend.require_admin(ws, caller)
        record = self.get(ws, project_id)
        for key in ("timeEstimate", "budgetEstimate"):
            given = body.get(key)
            if isinstance(given, dict):
                merged = dict(record[key])
                merged.update({k: v for k, v in given.items() if v is not None})
                record[key] = merged
        return self._saved(ws, record, False)

    def set_memberships(self, ws, caller, project_id: str, body: dict, *, replace: bool) -> dict:
        """Assign users (``POST``: ``userIds``/``userGroups`` are added, a ``memberships`` list replaces
        the members) or update members' rates (``PATCH``); ``remove`` takes the named users off."""
        self.backend.require_admin(ws, caller)
        record = self.get(ws, project_id)
        named = body.get("userIds") is not None or isinstance(body.get("userGroups"), dict)
        if named:
            users, groups = read_assignees(self.backend, ws, body)
            users += [u for g in groups for u in ws.groups[g]["userIds"] if u not in users]
            body = {**body, "memberships": [{"userId": u} for u in users]}
        given = self._memberships(ws, project_id, body.get("memberships"), None)
        if body.get("remove") is True:
            drop = {m["userId"] for m in given}
            record["memberships"] = [m for m in record["memberships"] if m["userId"] not in drop]
        elif named:
            present = {m["userId"] for m in record["memberships"]}
            record["memberships"] += [m for m in given if m["userId"] not in present]
        elif replace:
            record["memberships"] = given
        else:
            by_user = {m["userId"]: m for m in record["memberships"]}
            by_user.update({m["userId"]: m for m in given})
            record["memberships"] = list(by_user.values())
        return self._saved(ws, record, False)

    def set_user_rate(self, ws, caller, project_id: str, user_id: str, kind: str, amount: int) -> dict:
        """A member's billable or cost rate on this project."""
        self.backend.require_admin(ws, caller)
        record = self.get(ws, project_id)
        self.backend.member(ws, user_id)
        key = "hourlyRate" if kind == "hourly" else "costRate"
        for m in record["memberships"]:
            if m["userId"] == user_id:
                m[key] = rate(amount, currency_of(ws))
                break
        else:
            record["memberships"].append({"userId": user_id, "targetId": project_id, "membershipType": "PROJECT",
                                          "membershipStatus": "ACTIVE", key: rate(amount, currency_of(ws))})
        return self._saved(ws, record, False)

    def set_template(self, ws, caller, project_id: str, is_template: bool) -> dict:
        """Mark a project as a template or not."""
        self.backend.require_admin(ws, caller)
        record = self.get(ws, project_id)
        record["template"] = bool(is_template)
        return self._saved(ws, record, False)

    def from_template(self, ws, caller, body: dict) -> dict:
        """A new project copying a template's settings, members and tasks."""
        template = self.get(ws, body.get("templateProjectId"))
        if not template["template"]:
            raise errors.invalid("Project is not a template")
        tasks = [{"name": t["name"], "estimate": t["estimate"], "assigneeIds": t["assigneeIds"], "billable": t["billable"]}
                 for t in ws.tasks.values() if t["projectId"] == template["id"]]
        copy = {"name": body.get("name"), "clientId": body.get("clientId", template["clientId"]) or None,
                "color": body.get("color") or template["color"], "billable": template["billable"],
                "isPublic": body.get("isPublic", template["public"]), "note": template["note"],
                "hourlyRate": template["hourlyRate"], "costRate": template["costRate"],
                "memberships": [{"userId": m["userId"]} for m in template["memberships"]], "tasks": tasks}
        return self.create(ws, caller, copy)

    def delete(self, ws, caller, project_id: str) -> dict:
        """Delete an archived project with its tasks; its entries keep their time but lose the project."""
        self.backend.require_admin(ws, caller)
        record = self.get(ws, project_id)
        if not record["archived"]:
            raise errors.invalid("Cannot delete an active project")
        out = self.shape(ws, record)
        for task_id in [t["id"] for t in ws.tasks.values() if t["projectId"] == project_id]:
            del ws.tasks[task_id]
        for entry in ws.entries.values():
            if entry.project_id == project_id:
                entry.project_id = entry.task_id = None
        ws.project_seconds.pop(project_id, None)
        del ws.projects[project_id]
        ws.log_change("deleted", "PROJECT", project_id, self.backend.now())
        self.backend.emit(ws, "PROJECT_DELETED", out, sources={"PROJECT_ID": project_id})
        return out
