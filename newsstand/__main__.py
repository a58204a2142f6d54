"""`python -m newsstand …` is the `newsstand` command; `newsstand up` starts children so."""

from newsstand.cli import main

main()
