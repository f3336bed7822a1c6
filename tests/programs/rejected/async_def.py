# expect: async def
# line: 6 col: 0
# Coroutine functions (async def) are outside the subset.
print("start")

async def fetch(url):
    return url.upper()

print(fetch)
