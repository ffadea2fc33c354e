"""The sandbox keeps each entry's listing JSON between listings; an entry changed in any way (over
the API, or in place by the rules that edit entries: a project deleted, custom field values, the
workspace's currency) is listed as it now is, never as it was."""

from __future__ import annotations

from conftest import make_harness


def listed(sandbox, owner) -> list[dict]:
    resp = owner.get(f"/workspaces/{sandbox.ws_id}/user/{sandbox.user_id()}/time-entries",
                     params={"page-size": 5000})
    assert resp.status_code == 200
    return resp.json()


def truth(sandbox, rows: list[dict]) -> list[dict]:
    ws = sandbox.ws()
    return [sandbox.backend.entries.shape(ws, ws.entries[row["id"]]) for row in rows]


def test_a_listing_shows_every_change_made_since_the_last_one():
    sandbox = make_harness(entries=300, users=2, running=1)
    ws = sandbox.ws()
    with sandbox.client() as owner:
        before = listed(sandbox, owner)
        assert before == truth(sandbox, before)
        first, second, third, fourth = (ws.entries[row["id"]] for row in before[:4])
        fourth.custom_fields = [{"customFieldId": "c" * 24, "value": "one"}]

        def rewrite():
            changed = owner.put(f"/workspaces/{sandbox.ws_id}/time-entries/{first.id}", json={
                "start": "2026-11-01T08:00:00Z", "end": "2026-11-01T09:30:00Z", "description": "rewritten",
                "billable": not first.billable})
            assert changed.status_code == 200

        changes = {
            "over the API": rewrite,
            "project dropped in place": lambda: setattr(second, "project_id", None),
            "tag added in place": lambda: third.tag_ids.append("feedfacefeedfacefeedface"),
            "custom field value edited in place": lambda: fourth.custom_fields[0].update(value="two"),
            "workspace currency": lambda: ws.record["currencies"][0].update(code="EUR"),
        }
        third.tag_ids = list(third.tag_ids or [])
        listed(sandbox, owner)
        for what, change in changes.items():
            change()
            after = listed(sandbox, owner)
            assert after == truth(sandbox, after), what
    by_id = {row["id"]: row for row in after}
    assert by_id[first.id]["description"] == "rewritten"
    assert by_id[first.id]["timeInterval"]["duration"] == "PT1H30M"
    assert by_id[second.id]["projectId"] is None
    assert "feedfacefeedfacefeedface" in by_id[third.id]["tagIds"]
    assert by_id[fourth.id]["customFieldValues"] == [{"customFieldId": "c" * 24, "value": "two"}]
    assert {row["hourlyRate"]["currency"] for row in after} == {"EUR"}
