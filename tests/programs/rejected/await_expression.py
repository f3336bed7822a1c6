# expect: async def
# line: 8 col: 0
# inner: await line: 9 col: 11
# await can only appear inside an async def, so the first construct outside
# the subset (in source order) is the enclosing async def; the await is at
# the "inner" position.
x = 1
async def main(task):
    return await task

print(x)
