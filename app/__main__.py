"""`python -m app` is the same program as the `dangjian` script."""

from app.cli import main

raise SystemExit(main())
