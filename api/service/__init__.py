"""The REST service (the other product of `api`): FastAPI app, routes, solver pool, workers.

`app.create_app` builds the app; `routes` declare the endpoints and `handlers` do their work;
`errors` is the only place HTTP statuses are chosen; `pool`, `worker*` and `jobs` run solver
work in worker processes; `middleware`, `auth`, `body`, `responses`, `metrics` and `schemas`
are the HTTP plumbing. It never imports the CLI; it reads `veridot.api.settings` like the CLI does.
"""
