"""Hand-written behaviour for the operations that need state.

Each public function here is named after the operationId it serves; the app
finds it by that name. A function receives the validated, pythonic parameters
from connexion and returns a response built with `zoom_mock.responses`, or
raises a `zoom_mock.errors.MockError`. Handlers may import the store, errors,
paging, links, ids and responses of `zoom_mock`, and nothing from the app.
"""
