# Uncaught TypeError: unexpected keyword argument.
def connect(host, port=80, *, timeout=10):
    return f"{host}:{port} (timeout {timeout})"

print(connect("example.org"))
print(connect("example.org", 8080, timeout=3))
print(connect("example.org", retries=2))
