"""``python -m pozuzo_kg``."""
import sys

from .cli import main

sys.exit(main())
