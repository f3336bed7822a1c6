# expect: metaclass
# line: 8 col: 11
# Class keywords such as metaclass= are outside the subset; the position is
# that of the keyword argument in the class statement.
class Plain:
    pass

class Meta(metaclass=type):
    value = 1

print(Plain, Meta.value)
