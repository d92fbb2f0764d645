"""RENDER: Rich views of results, plans and programs, one module per view."""
