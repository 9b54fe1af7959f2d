"""`python -m sankofa`: the same as the `sankofa` command."""

import sys

from sankofa.cli.main import main

sys.exit(main())
