// Conformance driver for csharp-ovh (github.com/ovh/csharp-ovh, Ovh.Api.Client), built by
// setup.sh with Mono's mcs from a checkout given with --client-src csharp-ovh=PATH, on Debian's
// Newtonsoft.Json and Mono's System.Net.Http. Speaks the protocol in conformance/README.md.
//
// Pointed at the server as csharp-ovh allows: a Client built for "ovh-eu" whose settable
// Endpoint property is then set to the server's /1.0/ URL. Argument "http" (the plain
// listener) or "https" (the TLS listener; the HttpClient passed to the Client checks the
// server's chain against the CA the runner gives).
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Ovh.Api;
using Ovh.Api.Exceptions;
using Ovh.Api.Models;

class UnsupportedException : Exception
{
    public UnsupportedException(string message) : base(message) { }
}

static class Driver
{
    static string mode = "http";
    static Client client;

    static JToken Hello()
    {
        return JObject.FromObject(new
        {
            name = mode == "https" ? "csharp-ovh-https" : "csharp-ovh",
            library = "csharp-ovh (Ovh.Api)",
            version = BuildInfo("version.txt") + " (source)",
            language = "csharp",
            runtime = "Mono " + Type.GetType("Mono.Runtime")?.GetMethod("GetDisplayName",
                System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)?.Invoke(null, null)
                + ", Newtonsoft.Json " + typeof(JsonConvert).Assembly.GetName().Version,
            // Mono's TLS cannot decode EC public keys: an RSA certificate for the HTTPS listener.
            transport = new { https_only = mode == "https", signs_port = true, tls_key = "rsa" },
            capabilities = new[] { "call", "unauth_call", "query", "body", "v1", "v2", "consumer_key" },
            // setup.sh records the checkout it compiled csharp-ovh.dll from.
            source = new Dictionary<string, string> {
                { "Ovh.Api.Client", Path.Combine(BuildInfo("source.txt"), "csharp-ovh", "Client", "Client.cs") } },
        });
    }

    static string BuildInfo(string name)
    {
        var dir = Path.GetDirectoryName(typeof(Driver).Assembly.Location);
        return File.ReadAllText(Path.Combine(dir, name)).Trim();
    }

    static HttpClient NewHttpClient(string caFile)
    {
        if (string.IsNullOrEmpty(caFile))
        {
            return new HttpClient();
        }
        // The bundle may hold several CAs (one per server the runner started): PEM blocks.
        var cas = new List<X509Certificate2>();
        var pem = File.ReadAllText(caFile);
        const string begin = "-----BEGIN CERTIFICATE-----", end = "-----END CERTIFICATE-----";
        for (int i = pem.IndexOf(begin); i >= 0; i = pem.IndexOf(begin, i + 1))
        {
            int j = pem.IndexOf(end, i);
            cas.Add(new X509Certificate2(Convert.FromBase64String(pem.Substring(i + begin.Length, j - i - begin.Length))));
        }
        var handler = new HttpClientHandler();
        // Trust exactly the CAs the runner gives: the chain must end at one of them.
        handler.ServerCertificateCustomValidationCallback = (msg, cert, chain, errors) =>
        {
            if ((errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None)
            {
                return false;
            }
            var c = new X509Chain();
            c.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            c.ChainPolicy.VerificationFlags = X509VerificationFlags.AllowUnknownCertificateAuthority;
            foreach (var ca in cas) c.ChainPolicy.ExtraStore.Add(ca);
            if (!c.Build(new X509Certificate2(cert)))
            {
                return false;
            }
            var root = c.ChainElements[c.ChainElements.Count - 1].Certificate;
            return cas.Any(ca => ca.Thumbprint == root.Thumbprint);
        };
        return new HttpClient(handler);
    }

    static JToken Configure(JObject m)
    {
        if (m["oauth2"] != null && m["oauth2"].Type != JTokenType.Null)
        {
            throw new UnsupportedException("csharp-ovh has no OAuth2 support");
        }
        client = new Client("ovh-eu", (string)m["application_key"], (string)m["application_secret"],
            (string)m["consumer_key"], httpClient: NewHttpClient((string)m["ca_file"]));
        client.Endpoint = new Uri((string)m["endpoint"] + "/");
        return new JObject();
    }

    static string WithQuery(string path, JObject query)
    {
        if (query == null || !query.HasValues)
        {
            return path;
        }
        var parts = query.Properties().Select(p => Uri.EscapeDataString(p.Name) + "=" + Uri.EscapeDataString((string)p.Value));
        return path + (path.Contains("?") ? "&" : "?") + string.Join("&", parts);
    }

    static JToken Answer(string text)
    {
        // csharp-ovh returns the answer's text (for a 204: its own "Success ; ..." sentence).
        try
        {
            return JToken.Parse(text);
        }
        catch (JsonReaderException)
        {
            return new JValue(text);
        }
    }

    static JToken Call(JObject m)
    {
        var h = m["headers"] as JObject;
        if (h != null && h.HasValues)
        {
            throw new UnsupportedException("csharp-ovh cannot set request headers nor return the answer's");
        }
        var method = ((string)m["method"]).ToUpperInvariant();
        var path = (string)m["path"];
        var auth = m["auth"] == null || (bool)m["auth"];
        var query = m["query"] as JObject;
        var body = m["body"];
        var hasBody = body != null && body.Type != JTokenType.Null;
        switch (method)
        {
            case "GET":
                if (hasBody) throw new UnsupportedException("csharp-ovh sends no body on GET");
                QueryStringParams kwargs = null;
                if (query != null && query.HasValues)
                {
                    kwargs = new QueryStringParams();
                    foreach (var p in query.Properties()) kwargs.Add(p.Name, (string)p.Value);
                }
                return Answer(client.GetAsync(path, kwargs, auth).GetAwaiter().GetResult());
            case "POST":
                return Answer(client.PostAsync(WithQuery(path, query), hasBody ? body : null, auth).GetAwaiter().GetResult());
            case "PUT":
                return Answer(client.PutAsync(WithQuery(path, query), hasBody ? body : null, auth).GetAwaiter().GetResult());
            case "DELETE":
                if (hasBody) throw new UnsupportedException("csharp-ovh's DeleteAsync sends no body");
                return Answer(client.DeleteAsync(WithQuery(path, query), auth).GetAwaiter().GetResult());
        }
        throw new UnsupportedException("method " + method);
    }

    static JToken RequestConsumerKey(JObject m)
    {
        var rules = ((JArray)m["rules"]).Select(r => new AccessRight((string)r["method"], (string)r["path"])).ToList();
        var result = client.RequestConsumerKeyAsync(new CredentialRequest(rules, (string)m["redirection"]))
            .GetAwaiter().GetResult();
        client.ConsumerKey = result.ConsumerKey;
        // What the caller gets: CredentialRequestResult (validationUrl, consumerKey).
        return JObject.FromObject(result);
    }

    static JObject Error(string kind, string type, string message, string text)
    {
        return new JObject { { "kind", kind }, { "type", type }, { "status", null }, { "message", message },
            { "queryId", null }, { "text", text } };
    }

    static JObject Classify(Exception e)
    {
        var ae = e as AggregateException;
        if (ae != null && ae.InnerExceptions.Count == 1) e = ae.InnerException;
        if (e is HttpException)
        {
            return Error("transport", e.GetType().Name, e.Message, e.ToString());
        }
        if (e is ApiException)
        {
            // The exceptions carry the server's message only: no status, no query id.
            var local = e.Message == "Application secret is missing." || e.Message == "ConsumerKey is missing.";
            return Error(local ? "local" : "api", e.GetType().Name, e.Message, e.GetType().FullName + ": " + e.Message);
        }
        return Error("driver", e.GetType().Name, e.Message, e.ToString());
    }

    static int Main(string[] args)
    {
        if (args.Length > 0) mode = args[0];
        if (mode != "http" && mode != "https")
        {
            Console.Error.WriteLine("csharp-ovh driver: mode must be http or https");
            return 2;
        }
        var stdin = new StreamReader(Console.OpenStandardInput(), new UTF8Encoding(false));
        var stdout = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false)) { AutoFlush = true };
        string line;
        while ((line = stdin.ReadLine()) != null)
        {
            if (line.Trim().Length == 0) continue;
            var m = JObject.Parse(line);
            var op = (string)m["op"];
            var reply = new JObject { { "id", m["id"] } };
            if (op == "quit")
            {
                reply["ok"] = true;
                reply["value"] = null;
                stdout.WriteLine(reply.ToString(Formatting.None));
                return 0;
            }
            try
            {
                JToken value;
                switch (op)
                {
                    case "hello": value = Hello(); break;
                    case "configure": value = Configure(m); break;
                    case "call": value = Call(m); break;
                    case "request_consumer_key": value = RequestConsumerKey(m); break;
                    default: throw new UnsupportedException("op " + op + " is not implemented by this driver");
                }
                reply["ok"] = true;
                reply["value"] = value;
            }
            catch (UnsupportedException e)
            {
                reply["ok"] = false;
                reply["error"] = Error("unsupported", "Unsupported", e.Message, e.Message);
            }
            catch (Exception e)
            {
                reply["ok"] = false;
                reply["error"] = Classify(e);
            }
            stdout.WriteLine(reply.ToString(Formatting.None));
        }
        return 0;
    }
}
