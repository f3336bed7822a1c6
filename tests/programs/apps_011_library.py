# A library system: books, members, loans, with exceptions for rule violations.
class LibraryError(Exception):
    pass

class Book:
    def __init__(self, isbn, title, author, copies=1):
        self.isbn = isbn
        self.title = title
        self.author = author
        self.copies = copies
        self.out = 0

    def available(self):
        return self.copies - self.out

    def __repr__(self):
        return f"Book({self.title!r}, {self.available()}/{self.copies})"

class Member:
    limit = 2

    def __init__(self, name):
        self.name = name
        self.loans = []

class Premium(Member):
    limit = 4

class Library:
    def __init__(self):
        self.books = {}
        self.members = {}
        self.log = []

    def add(self, book):
        self.books[book.isbn] = book

    def join(self, member):
        self.members[member.name] = member

    def lend(self, name, isbn):
        m = self.members.get(name)
        if m is None:
            raise LibraryError(f"unknown member {name}")
        b = self.books.get(isbn)
        if b is None:
            raise LibraryError(f"unknown book {isbn}")
        if len(m.loans) >= m.limit:
            raise LibraryError(f"{name} reached limit of {m.limit}")
        if not b.available():
            raise LibraryError(f"no copies of {b.title!r} left")
        b.out += 1
        m.loans.append(isbn)
        self.log.append(("lend", name, isbn))

    def give_back(self, name, isbn):
        m = self.members[name]
        if isbn not in m.loans:
            raise LibraryError(f"{name} does not have {isbn}")
        m.loans.remove(isbn)
        self.books[isbn].out -= 1
        self.log.append(("return", name, isbn))

lib = Library()
lib.add(Book("111", "Dune", "Herbert", 2))
lib.add(Book("222", "Emma", "Austen"))
lib.add(Book("333", "Ubik", "Dick", 3))
lib.join(Member("ann"))
lib.join(Premium("bob"))
actions = [("lend", "ann", "111"), ("lend", "ann", "222"), ("lend", "ann", "333"), ("lend", "bob", "222"),
           ("lend", "bob", "111"), ("lend", "bob", "111"), ("return", "ann", "222"), ("lend", "bob", "222"),
           ("return", "bob", "999"), ("lend", "cyd", "111"), ("lend", "bob", "444"), ("lend", "bob", "333")]
for act, who, isbn in actions:
    try:
        if act == "lend":
            lib.lend(who, isbn)
        else:
            lib.give_back(who, isbn)
        print("ok   ", act, who, isbn)
    except LibraryError as e:
        print("error", e)
print(list(lib.books.values()))
for name, m in lib.members.items():
    print(name, type(m).__name__, m.loans)
print(len(lib.log), lib.log[-1])
