"""zoom-mock: a mock of Zoom's REST API, driven by hand-written OpenAPI specs."""

import warnings

# connexion imports starlette's test client at import time, and starlette then
# warns about httpx; the warning concerns test tooling, not this package.
warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
