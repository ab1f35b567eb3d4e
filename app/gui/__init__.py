"""The Qt Widgets front end. Widgets call services; they never hold a Session or build a query."""
