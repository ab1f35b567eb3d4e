"""Plain data of the printed forms and spreadsheets: services build it, app.printing / app.excel render it."""
