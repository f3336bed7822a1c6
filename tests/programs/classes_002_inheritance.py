# Single inheritance: overriding, super(), isinstance, inherited attributes.
class Animal:
    sound = "..."
    legs = 4

    def __init__(self, name):
        self.name = name

    def speak(self):
        return self.name + " says " + self.sound

    def describe(self):
        return self.name + " has " + str(self.legs) + " legs"

class Dog(Animal):
    sound = "woof"

    def fetch(self):
        return self.name + " fetches"

class Bird(Animal):
    sound = "tweet"
    legs = 2

    def __init__(self, name, can_fly=True):
        super().__init__(name)
        self.can_fly = can_fly

    def describe(self):
        base = super().describe()
        return base + (" and flies" if self.can_fly else " and walks")

class Penguin(Bird):
    def __init__(self, name):
        super().__init__(name, can_fly=False)

    def speak(self):
        return super().speak().upper()

zoo = [Animal("generic"), Dog("rex"), Bird("tweety"), Penguin("pingu")]
for a in zoo:
    print(type(a).__name__, "|", a.speak(), "|", a.describe())
print(zoo[1].fetch())
for a in zoo:
    print(a.name, isinstance(a, Animal), isinstance(a, Bird), isinstance(a, Dog), isinstance(a, (Dog, Penguin)))
print(Penguin.legs, Penguin.sound, Dog.legs)
