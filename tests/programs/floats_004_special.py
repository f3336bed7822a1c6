# Infinity, negative zero and other special float values (no NaN comparisons).
inf = float('inf')
ninf = float('-inf')
print(inf, ninf, inf + 1, inf * 2, -inf, inf > 1e308, ninf < -1e308)
print(1e308 * 10, 1e308 * 10 == inf, 2.0 ** 1000 * 2.0 ** 100)
print(max(3.0, inf), min(3.0, ninf), inf == inf, inf > ninf)
nz = -0.0
print(nz, nz == 0.0, 0.0 * -1, -0.0 + 0.0, -0.0 * -1, abs(-0.0))
print(1 / inf, -1 / inf, 0.0 / 1, -0.0 / 5)
nan = inf - inf
print(nan, inf * 0)
print(str(inf), repr(ninf), str(nz))
print(float('1e500'), float('-1e500'), float('1e-500'))
print(5e-324 / 2, 5e-324 * 0.5, 2.2250738585072014e-308 / 2)
print(sorted([3.5, inf, -2.0, ninf, 0.0, -0.0]))
print(int(1e18), int(-1e18), int(1.5e300) % 1000)
