"""Use-cases: the only layer that calls the engines (`coach/`) and the store (`records/`)
together. Commands in `cli/` parse options and call one of these; `ui/` words the results.

Like the engines, nothing here imports Typer, Rich or questionary.
"""
