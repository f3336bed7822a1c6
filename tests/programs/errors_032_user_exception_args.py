# Uncaught user exception with a custom __init__ and several args.
class HttpError(Exception):
    def __init__(self, status, reason):
        super().__init__(status, reason)
        self.status = status
        self.reason = reason

def fetch(path):
    routes = {"/": "home", "/about": "about page"}
    if path not in routes:
        raise HttpError(404, "not found: " + path)
    return routes[path]

for path in ["/", "/about", "/missing"]:
    print(path, "->", fetch(path))
