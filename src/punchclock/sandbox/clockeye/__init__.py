"""The ClockEye sandbox: a local fake of ClockEye's REST API (seed 003, ``/docs/api``), built on
:mod:`punchclock.sandbox.core` and following ``clockeye_contract.md``.

Modules: :mod:`.app` (prefixes, auth, limit headers, error style), :mod:`.backend` (access, users,
projects, screenshots), :mod:`.entries` (entries and the timer), :mod:`.reports` (summary),
:mod:`.state`, :mod:`.seed`, :mod:`.fields`, :mod:`.shapes`, :mod:`.errors`, :mod:`.routing` and
:mod:`.routes` (HTTP only).

Choices made where the public docs are silent (or contradict each other):

- Prefixes: ``/v1`` (the documented base URL), ``/api/v1`` (the endpoint list) and ``/api`` (the
  developer page) all serve the same routes.
- Auth: ``Authorization: Bearer <key>``; ``X-API-Key: <key>`` when no Authorization header is
  sent (Authorization wins when both are). Any other scheme, or a bare key in Authorization, is
  401 saying the scheme must be Bearer; the key is never echoed. Keys look like ``cek_`` + 32
  letters and digits.
- ``GET /users/me`` (the docs list no "me") and ``GET /time-entries/running`` (``{"data": null}``
  when idle) are sandbox additions. ``GET /projects/{id}`` too.
- Roles: members see and change only their own entries and screenshots (403 ``forbidden`` for
  another user's entry, for ``user_id=all`` or another user's id); owners and admins see everyone's.
  Only owners and admins create projects. Every role may list users and projects.
- Listings default to the caller's data; ``user_id=all`` (owners, admins) means everyone. The
  summary report follows the same rule. Unknown ids in filters or bodies are 400
  ``invalid_request`` with ``details.reason = "not_found"``; unknown ids in the path are 404.
- Pages: ``page`` from 1 (below 1: 400), ``per_page`` 1..200 (default 50; outside: 400 naming it).
  Projects are ordered by name, users by when they joined, entries and screenshots newest first.
  ``archived`` absent lists projects of both kinds.
- Entries: ``description`` and ``start_time`` are required on create (``description`` may be "").
  Times need ``Z`` or an offset; fractions of a second are dropped. ``end_time`` before
  ``start_time`` is 400 (equal is allowed). Without ``end_time`` a created entry is the running
  timer, under the timer rule below. ``billable`` defaults to the project's. A task alone brings
  its project; a task of another project is 400. Fields the API does not know are ignored.
- Timer: start (and create without ``end_time``) stops the running entry at the new start; a new
  start before the running entry's start is 400 naming ``start_time``. Stop with none running is
  404 ``not_found``.
- PUT: fields given change, others stay; ``null`` clears ``project_id``/``task_id``; ``null`` for
  description, start_time, billable or tags is 400; ``end_time`` stops a running entry and cannot be
  cleared on a stopped one. A new ``project_id`` without ``task_id`` keeps the task only if it
  belongs to the new project. An empty body changes nothing (``updated_at`` kept).
- Deleting an entry deletes its screenshots. Screenshots are seeded only (one per started half
  hour of a finished entry, at most four); their URLs point at ``screenshots.clockeye.test`` and
  are never served.
- Summary: ``start_date`` and ``end_date`` required; ``group_by`` defaults to ``project``. Project
  and user rows by duration (longest first), day rows by date; entries without a project form the
  row with key ``null`` named "No project"; days without entries are left out.
- Limits are per API key; a request counts in all three windows or, when one is full, in none.
  Requests refused before the limit check (401, unknown path, 405) are not counted but still
  carry the headers (a caller not yet known sees a fresh key's windows). ``X-RateLimit-Reset`` is
  when the reported window's oldest counted request leaves it (now when it is empty), rounded up;
  ``Retry-After`` is the seconds until every window has room, rounded up. With every window
  switched off (``POST /__sandbox__/limits`` without them) no headers are sent. Injected 5xx
  faults answer before the app looks at the request, so they carry no limit headers.
- Errors: nested ``{"error": {"code", "message", "details"}}``; the flat form
  (``error_style="flat"``) upper-cases the code. ``details`` is always an object; reasons are
  ``required``, ``invalid_type``, ``invalid``, ``not_found``, ``duplicate``, ``malformed_body``.
"""
