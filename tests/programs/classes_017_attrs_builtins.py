# hasattr, getattr (with default), setattr on user objects.
class Record:
    def __init__(self, **fields):
        for k, v in fields.items():
            setattr(self, k, v)

    def get(self, name, default=None):
        return getattr(self, name, default)

r = Record(name="Ada", year=1815)
print(r.name, r.year, hasattr(r, "name"), hasattr(r, "email"))
print(getattr(r, "year"), getattr(r, "email", "n/a"), r.get("name"), r.get("x", 0))
setattr(r, "email", "ada@example.org")
print(r.email, hasattr(r, "email"))
for field in ("name", "year", "email", "phone"):
    print(field, "=", getattr(r, field, None))
class Settings:
    volume = 5
    def bump(self):
        self.volume += 1
        return self.volume
s = Settings()
print(getattr(s, "volume"), getattr(s, "bump")(), hasattr(s, "bump"), hasattr(Settings, "volume"))
setattr(Settings, "volume", 50)
print(Settings().volume, s.volume)
method = getattr(s, "bump")
print(method(), method(), s.volume)
try:
    getattr(r, "missing")
except AttributeError as e:
    print("AttributeError:", e)
del r.email
print(hasattr(r, "email"))
print(hasattr(5, "upper"), getattr("abc", "upper")(), hasattr([], "append"), hasattr([], "nope"))
