"""``python -m pozuzo_kg.cli``."""
import sys

from . import main

sys.exit(main())
