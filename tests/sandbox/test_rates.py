"""Which rate a new time entry gets: the most specific one set wins, in Clockify's order
(research ``dashboard.md`` 1.5): project member, task, project, workspace member, workspace."""

from __future__ import annotations

from conftest import make_harness


def test_a_new_entry_takes_the_most_specific_rate_project_member_above_task():
    h = make_harness(entries=0)
    ws, me = f"/workspaces/{h.ws_id}", h.user_id("owner")
    hour = iter(range(8, 20))

    def entry_rates(project_id: str, task_id: str) -> tuple[int, int]:
        start = next(hour)
        resp = c.post(f"{ws}/time-entries", json={
            "start": f"2026-11-10T{start:02d}:00:00Z", "end": f"2026-11-10T{start:02d}:30:00Z", "billable": True,
            "projectId": project_id, "taskId": task_id})
        assert resp.status_code == 201, resp.text
        body = c.get(f"{ws}/time-entries/{resp.json()['id']}").json()
        return body["hourlyRate"]["amount"], body["costRate"]["amount"]

    with h.client() as c:
        project = c.post(f"{ws}/projects", json={"name": "Rated", "billable": True}).json()
        task = c.post(f"{ws}/projects/{project['id']}/tasks", json={"name": "Rated task"}).json()
        pid, tid = project["id"], task["id"]
        steps = [("workspace", f"{ws}/{{}}", 1000, 100), ("workspace member", f"{ws}/users/{me}/{{}}", 2000, 200),
                 ("project", None, 3000, 300), ("task", f"{ws}/projects/{pid}/tasks/{tid}/{{}}", 4000, 400),
                 ("project member", f"{ws}/projects/{pid}/users/{me}/{{}}", 5000, 500)]
        for level, url, hourly, cost in steps:
            if url is None:  # a project's own rates are set through the project
                sent = [c.put(f"{ws}/projects/{pid}", json={"name": "Rated", "hourlyRate": {"amount": hourly},
                                                            "costRate": {"amount": cost}})]
            else:
                sent = [c.put(url.format(kind), json={"amount": amount})
                        for kind, amount in (("hourly-rate", hourly), ("cost-rate", cost))]
            assert all(r.status_code == 200 for r in sent), (level, [r.text for r in sent])
            assert entry_rates(pid, tid) == (hourly, cost), level
