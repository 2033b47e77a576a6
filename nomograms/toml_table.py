"""Reading definition files so that every mistake names the file and the field."""

from pathlib import Path


class DefinitionError(Exception):
    """A definition file that cannot be used; the message names the file and the field."""

    def __init__(self, path, field, problem):
        self.path = Path(path)
        self.field = field
        self.problem = problem
        super().__init__(f"{self.path.name}: {field}: {problem}")


_TYPE_NAMES = {
    str: "text",
    float: "a number",
    int: "a whole number",
    bool: "true or false",
    list: "a list",
    dict: "a table",
}


class Table:
    """One TOML table of a definition file, which knows where it sits in the file.

    Every key read is remembered, so `reject_unknown()` can refuse a misspelt key instead of
    silently ignoring it.
    """

    def __init__(self, data, path, where=""):
        self.data = data
        self.path = path
        self.where = where
        self._read = set()

    def field(self, key):
        return f"{self.where}.{key}" if self.where else key

    def error(self, key, problem):
        return DefinitionError(self.path, self.field(key), problem)

    def has(self, key):
        return key in self.data

    def required(self, key, kind):
        if key not in self.data:
            raise self.error(key, "missing")
        return self.optional(key, kind)

    def optional(self, key, kind, default=None):
        self._read.add(key)
        if key not in self.data:
            return default
        value = self.data[key]
        if kind is float and isinstance(value, int) and not isinstance(value, bool):
            return float(value)
        if not isinstance(value, kind) or (kind is not bool and isinstance(value, bool)):
            raise self.error(key, f"must be {_TYPE_NAMES.get(kind, kind.__name__)}, not {value!r}")
        if kind is str and not value.strip():
            raise self.error(key, "must not be empty")
        return value

    def numbers(self, key):
        values = self.required(key, list)
        for index, value in enumerate(values):
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise DefinitionError(self.path, f"{self.field(key)}[{index}]", f"must be a number, not {value!r}")
        return [float(value) for value in values]

    def table(self, key, required=True):
        if key not in self.data and not required:
            self._read.add(key)
            return None
        value = self.required(key, dict)
        return Table(value, self.path, self.field(key))

    def tables(self, key, required=True):
        """An array of tables (`[[key]]`), each named `key[index]` in errors."""
        items = self.required(key, list) if required else self.optional(key, list, [])
        tables = []
        for index, item in enumerate(items):
            where = f"{self.field(key)}[{index}]"
            if not isinstance(item, dict):
                raise DefinitionError(self.path, where, "must be a table")
            tables.append(Table(item, self.path, where))
        return tables

    def all_keys(self):
        self._read.update(self.data)
        return list(self.data)

    def reject_unknown(self):
        unknown = sorted(set(self.data) - self._read)
        if unknown:
            raise self.error(unknown[0], "unknown field (misspelt?)")
