"""Partial matching of JSON values, used by scenario expectations.

A pattern is a JSON value:
- an object: every key of the pattern must be present in the actual object and match
  (extra keys in the actual object are allowed);
- an array: same length, element by element;
- a scalar: equal (numbers compare by value; true is not 1);
- an operator object, a single key starting with `$`:
  {"$type": "integer"|"number"|"string"|"array"|"object"|"null"|"boolean"},
  {"$contains": [p, ...]}   every pattern matches some element of the actual array,
  {"$notContains": [p, ...]} no element of the actual array matches any pattern,
  {"$len": n}, {"$minLen": n}, {"$regex": "..."} (re.fullmatch on a string),
  {"$between": [lo, hi]} (number), {"$any": true}, {"$eq": value} (exact, no partial match),
  {"$all": [p, ...]} every pattern matches.
"""
import re

_TYPES = {
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    "string": lambda v: isinstance(v, str),
    "array": lambda v: isinstance(v, list),
    "object": lambda v: isinstance(v, dict),
    "null": lambda v: v is None,
    "boolean": lambda v: isinstance(v, bool),
}


def _short(v, limit=160):
    import json
    text = json.dumps(v, ensure_ascii=False)
    return text if len(text) <= limit else text[:limit] + "…"


def match(pattern, actual, where="value"):
    """Returns a list of human-readable mismatches (empty when it matches)."""
    if isinstance(pattern, dict) and len(pattern) >= 1 and all(k.startswith("$") for k in pattern):
        problems = []
        for op, arg in pattern.items():
            problems += _operator(op, arg, actual, where)
        return problems
    if isinstance(pattern, dict):
        if not isinstance(actual, dict):
            return ["%s: expected an object, got %s" % (where, _short(actual))]
        problems = []
        for k, p in pattern.items():
            if k not in actual:
                problems.append("%s.%s: missing" % (where, k))
            else:
                problems += match(p, actual[k], "%s.%s" % (where, k))
        return problems
    if isinstance(pattern, list):
        if not isinstance(actual, list):
            return ["%s: expected an array, got %s" % (where, _short(actual))]
        if len(pattern) != len(actual):
            return ["%s: expected %d elements, got %d: %s" % (where, len(pattern), len(actual), _short(actual))]
        problems = []
        for i, (p, a) in enumerate(zip(pattern, actual)):
            problems += match(p, a, "%s[%d]" % (where, i))
        return problems
    if isinstance(pattern, bool) or isinstance(actual, bool) or pattern is None or actual is None:
        ok = pattern is actual or (pattern == actual and type(pattern) is type(actual))
    else:
        ok = pattern == actual
    return [] if ok else ["%s: expected %s, got %s" % (where, _short(pattern), _short(actual))]


def _operator(op, arg, actual, where):
    if op == "$type":
        names = arg if isinstance(arg, list) else [arg]
        if any(_TYPES[n](actual) for n in names):
            return []
        return ["%s: expected type %s, got %s" % (where, "|".join(names), _short(actual))]
    if op == "$any":
        return []
    if op == "$eq":
        return [] if actual == arg and type(actual) is type(arg) else \
            ["%s: expected exactly %s, got %s" % (where, _short(arg), _short(actual))]
    if op == "$all":
        problems = []
        for p in arg:
            problems += match(p, actual, where)
        return problems
    if op in ("$contains", "$notContains"):
        if not isinstance(actual, list):
            return ["%s: expected an array, got %s" % (where, _short(actual))]
        problems = []
        for p in arg:
            found = any(not match(p, a) for a in actual)
            if op == "$contains" and not found:
                problems.append("%s: no element matches %s (got %s)" % (where, _short(p), _short(actual)))
            if op == "$notContains" and found:
                problems.append("%s: an element matches %s (got %s)" % (where, _short(p), _short(actual)))
        return problems
    if op in ("$len", "$minLen"):
        if not isinstance(actual, (list, str, dict)):
            return ["%s: expected something with a length, got %s" % (where, _short(actual))]
        ok = len(actual) == arg if op == "$len" else len(actual) >= arg
        return [] if ok else ["%s: length %d, expected %s %d" % (where, len(actual), "=" if op == "$len" else ">=", arg)]
    if op == "$regex":
        if isinstance(actual, str) and re.fullmatch(arg, actual):
            return []
        return ["%s: %s does not match /%s/" % (where, _short(actual), arg)]
    if op == "$between":
        if isinstance(actual, (int, float)) and not isinstance(actual, bool) and arg[0] <= actual <= arg[1]:
            return []
        return ["%s: %s not in [%s, %s]" % (where, _short(actual), arg[0], arg[1])]
    return ["%s: unknown operator %s" % (where, op)]
