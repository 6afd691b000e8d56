"""`python -m argmap`."""

from ._main import main

main()
