#!/usr/bin/python3
# validate-report.py SCHEMA [FILE...]: checks each FILE (an origin-doctor
# --json report) against the JSON Schema SCHEMA (doc/report.schema.json),
# after checking SCHEMA itself against its metaschema (without FILE, only
# that).
#
# Prints one line per FILE, "valid: FILE" or "INVALID: FILE", and under an
# invalid one each error with the path where it is ("at
# /origins/0/findings/1/id: 'x' is not one of [...]").  Exit status: 0 when
# every FILE is valid, 1 when one is not (or cannot be read), 77 when the
# jsonschema module is missing (Debian: python3-jsonschema), 99 when SCHEMA
# is not a valid schema.
#
# Run it with Debian's /usr/bin/python3: that is where python3-jsonschema is.
import json
import sys

try:
    import jsonschema
except ImportError:
    print("validate-report: the Python module jsonschema is missing "
          "(Debian: python3-jsonschema)", file=sys.stderr)
    sys.exit(77)


def where(error):
    return "/" + "/".join(str(p) for p in error.absolute_path)


def main(argv):
    if len(argv) < 2:
        print("usage: validate-report.py SCHEMA [FILE...]", file=sys.stderr)
        return 99
    try:
        with open(argv[1], encoding="utf-8") as f:
            schema = json.load(f)
        cls = jsonschema.validators.validator_for(schema)
        cls.check_schema(schema)
    except (OSError, ValueError, jsonschema.exceptions.SchemaError) as e:
        print("validate-report: %s is not a valid JSON Schema: %s" % (argv[1], e), file=sys.stderr)
        return 99
    validator = cls(schema)
    status = 0
    for name in argv[2:]:
        try:
            with open(name, encoding="utf-8") as f:
                doc = json.load(f)
        except (OSError, ValueError) as e:
            print("INVALID: %s" % name)
            print("  not a JSON document: %s" % e)
            status = 1
            continue
        errors = sorted(validator.iter_errors(doc), key=lambda e: [str(p) for p in e.absolute_path])
        if not errors:
            print("valid: %s" % name)
            continue
        status = 1
        print("INVALID: %s" % name)
        for e in errors[:20]:
            print("  at %s: %s" % (where(e), e.message[:300]))
        if len(errors) > 20:
            print("  ... and %d more" % (len(errors) - 20))
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv))
