# Uncaught AttributeError on an instance.
class Robot:
    def __init__(self, name):
        self.name = name
        self.battery = 100

    def walk(self, steps):
        self.battery -= steps
        return self.battery

r = Robot("r2")
print(r.name, r.walk(10), r.walk(5))
print(r.nonexistent_attribute)
