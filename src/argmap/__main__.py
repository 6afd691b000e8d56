"""`python -m argmap`."""

from .cli import main

main()
