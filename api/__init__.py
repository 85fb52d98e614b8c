"""veridot's two products over `verifier`, each in its own room: the command line
(`api/cli/`) and the REST service (`api/service/`). What both read lives here: `settings` (the
`VERIDOT_*` environment) and `static/` (the diagram page's assets, served by the service and
inlined by the CLI's HTML report). The service never imports the CLI (tests/test_layers.py).
"""
