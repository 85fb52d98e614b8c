"""The `veridot` command line (one product of `api`): the Typer app and one module per command.

`main` builds the app and is the console script's entry point; `cmd_*` hold the commands;
`output` owns what commands write (reports, stdout, Ctrl-C); `report_html` renders the HTML
report. Commands import heavy modules inside their bodies so that `veridot --help` starts
fast. The CLI never imports FastAPI: `serve` hands the service's app factory to uvicorn by name.
"""
