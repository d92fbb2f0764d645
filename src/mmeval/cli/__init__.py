"""The `mmeval` command line: a Typer app over the core modules."""

from mmeval.cli import catalog_cmds, compare_cmds, help_cmds, plan_cmds, recommend_cmds
from mmeval.cli.app import app, main

__all__ = ["app", "catalog_cmds", "compare_cmds", "help_cmds", "main", "plan_cmds", "recommend_cmds"]
