#!/usr/bin/env python
"""Django's command-line utility; `thriving` is the same with app-grouped spellings."""

from thriving.cli import main

if __name__ == "__main__":
    main()
