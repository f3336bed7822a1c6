# expect: async def
# line: 8 col: 0
# inner: async for line: 10 col: 4
# async for can only appear inside an async def, so the first construct
# outside the subset (in source order) is the enclosing async def; the
# async for is at the "inner" position.
total = 0
async def consume(stream):
    seen = []
    async for item in stream:
        seen.append(item)
    return seen
