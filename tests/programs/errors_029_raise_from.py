# Uncaught exception raised with "raise ... from ...".
class ConfigError(Exception):
    pass

def load(settings, key):
    try:
        return int(settings[key])
    except KeyError as e:
        raise ConfigError("missing setting " + repr(key)) from e
    except ValueError as e:
        raise ConfigError("bad value for " + key) from e

settings = {"port": "8080", "workers": "four"}
print(load(settings, "port"))
try:
    load(settings, "workers")
except ConfigError as e:
    print("handled:", e)
print(load(settings, "timeout"))
