"""Use cases that produce or read a file: a service's plain data through a printing/excel adapter.

Each function is one user operation, called the same way by the GUI and the CLI (docs/architecture.md):
it asks app.services for the plain data (the service opens the unit of work, checks permissions and
audits), then hands it to app.printing / app.excel, which writes the file; reading a spreadsheet is the
reverse. This package imports no Qt, app.gui or app.cli; app.services never imports it.
"""
