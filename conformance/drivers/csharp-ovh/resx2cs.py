"""Writes the strongly typed `Resources` class of a .resx file as C# (what the .NET SDK
generates at build time; Mono's compiler has no such step). Usage: resx2cs.py RESX NAMESPACE OUT.cs"""
import sys
import xml.etree.ElementTree as ET


def cs_string(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("\r", "\\r").replace("\n", "\\n") + '"'


def main(resx: str, namespace: str, out: str) -> None:
    values = {d.get("name"): (d.findtext("value") or "") for d in ET.parse(resx).getroot().findall("data")}
    lines = ["// Generated from %s by resx2cs.py." % resx.rsplit("/", 1)[-1],
             "using System.Collections.Generic;", "using System.Globalization;", "using System.Resources;", "",
             "namespace %s" % namespace, "{", "    internal static class Resources", "    {",
             "        private static readonly Dictionary<string, string> Values = new Dictionary<string, string>",
             "        {"]
    lines += ["            { %s, %s }," % (cs_string(k), cs_string(v)) for k, v in sorted(values.items())]
    lines += ["        };",
              "        internal static CultureInfo Culture { get; set; }",
              "        internal static ResourceManager ResourceManager { get; } = new Manager();",
              "        private sealed class Manager : ResourceManager",
              "        {",
              "            public override string GetString(string name) { return GetString(name, null); }",
              "            public override string GetString(string name, CultureInfo culture)",
              "            {",
              "                string v;",
              "                return Values.TryGetValue(name, out v) ? v : null;",
              "            }",
              "        }"]
    for k in sorted(values):
        lines.append("        internal static string %s { get { return Values[%s]; } }" % (k, cs_string(k)))
        lines.append("        internal static string Format%s(params object[] args)" % k)
        lines.append("        { return string.Format(Culture, Values[%s], args); }" % cs_string(k))
    lines += ["    }", "}", ""]
    with open(out, "w", encoding="utf-8") as f:
        f.write("\n".join(lines))


if __name__ == "__main__":
    main(*sys.argv[1:4])
