# Uncaught AttributeError on a class object.
class Config:
    debug = False
    level = 3

print(Config.debug, Config.level)
Config.level += 1
print(Config.level)
print(Config.undefined_setting)
