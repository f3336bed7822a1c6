# User-defined exception classes: with and without __init__, hierarchies, args.
class AppError(Exception):
    pass

class ConfigError(AppError):
    pass

class ValidationError(AppError):
    def __init__(self, field, problem):
        super().__init__(field, problem)
        self.field = field
        self.problem = problem

    def __str__(self):
        return f"{self.field}: {self.problem}"

class RetryableError(AppError):
    def __init__(self, msg, attempts=3):
        super().__init__(msg)
        self.attempts = attempts

errors = [AppError("generic"), ConfigError("missing key", "db"), ValidationError("age", "must be >= 0"),
          RetryableError("timeout"), AppError(), ConfigError(42)]
for err in errors:
    try:
        raise err
    except ValidationError as e:
        print("validation", e.field, "|", e, "|", e.args)
    except ConfigError as e:
        print("config", e, e.args, len(e.args))
    except AppError as e:
        print("app", type(e).__name__, repr(str(e)), e.args, getattr(e, "attempts", None))
print(isinstance(ConfigError("x"), AppError))
print(isinstance(ValidationError("a", "b"), Exception), isinstance(AppError(), ValueError))
try:
    raise ValidationError("name", "empty")
except Exception as e:
    print(str(e), e.args, e.problem)
def check_age(age):
    if not isinstance(age, int):
        raise ValidationError("age", "not an int: " + repr(age))
    if age < 0:
        raise ValidationError("age", "negative")
    return age
for a in (5, -1, "7", 0):
    try:
        print("ok", check_age(a))
    except AppError as e:
        print("rejected", e)
