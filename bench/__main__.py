import sys

from bench.dashboard import main

sys.exit(main())
