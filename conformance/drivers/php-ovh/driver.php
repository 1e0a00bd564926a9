<?php
// Conformance driver for php-ovh (github.com/ovh/php-ovh), run on a checkout given with
// `conformance/run.sh --client-src php-ovh=PATH`: its src/ is loaded through a PSR-4
// autoloader (Ovh\ -> src/, what its composer.json declares) and Guzzle comes from Debian
// (php-guzzlehttp-guzzle). Speaks the protocol in conformance/README.md.
//
// Pointed at the server as php-ovh documents: the endpoint URL as the third argument of
// new Ovh\Api(...) (any http(s):// URL is taken as is); the CA through the Guzzle client
// passed as its fifth argument.
declare(strict_types=1);

$src = getenv('OVHMOCK_CLIENT_SRC');
if ($src === false || !is_file("$src/src/Api.php")) {
    fwrite(STDERR, "php-ovh driver: OVHMOCK_CLIENT_SRC must name a php-ovh checkout (with src/Api.php)\n");
    exit(2);
}
require_once '/usr/share/php/GuzzleHttp/autoload.php';
spl_autoload_register(function (string $class) use ($src): void {
    if (strncmp($class, 'Ovh\\', 4) === 0) {
        $file = "$src/src/" . str_replace('\\', '/', substr($class, 4)) . '.php';
        if (is_file($file)) {
            require $file;
        }
    }
});

use GuzzleHttp\Client;
use GuzzleHttp\Exception\ConnectException;
use GuzzleHttp\Exception\RequestException;

final class Unsupported extends Exception {}

$state = ['api' => null, 'config' => null];

function php_ovh_version(string $src): string
{
    // php-ovh keeps its version in git tags only.
    $tag = trim((string)@shell_exec('git -C ' . escapeshellarg($src) . ' describe --tags 2>/dev/null'));
    return $tag !== '' ? "$tag (source)" : 'source tree';
}

function hello(array $m): array
{
    global $src;
    return [
        'name' => 'php-ovh', 'library' => 'ovh/ovh (php-ovh)', 'version' => php_ovh_version($src),
        'language' => 'php', 'runtime' => 'PHP ' . PHP_VERSION . ', Guzzle ' . GuzzleHttp\ClientInterface::MAJOR_VERSION,
        'transport' => ['https_only' => false, 'signs_port' => true],
        'capabilities' => ['call', 'unauth_call', 'query', 'body', 'delete_body', 'headers', 'v1', 'v2', 'consumer_key'],
        'source' => ['Ovh\\Api' => (new ReflectionClass('Ovh\\Api'))->getFileName()],
    ];
}

function configure(object $m): array
{
    global $state;
    $options = ['timeout' => 30, 'connect_timeout' => 5];
    if (!empty($m->ca_file)) {
        $options['verify'] = $m->ca_file;
    }
    $state['config'] = $m;
    $state['api'] = new Ovh\Api($m->application_key, $m->application_secret, $m->endpoint, $m->consumer_key,
        new Client($options));
    return [];
}

function with_query(string $path, ?object $query): string
{
    if ($query === null || count((array)$query) === 0) {
        return $path;
    }
    return $path . (strpos($path, '?') === false ? '?' : '&') . http_build_query((array)$query, '', '&', PHP_QUERY_RFC3986);
}

function call(object $m)
{
    global $state;
    $api = $state['api'];
    if (!empty($m->headers) && count((array)$m->headers) > 0) {
        // Request headers can be sent (the $headers argument), but get() & co. return only the
        // decoded body: the answer's headers (v2 pagination cursors) are out of reach.
        throw new Unsupported('php-ovh returns the decoded body only, not the answer\'s headers');
    }
    $method = strtoupper($m->method);
    $auth = !isset($m->auth) || $m->auth !== false;
    $query = isset($m->query) ? $m->query : null;
    $hasBody = property_exists($m, 'body') && $m->body !== null;
    switch ($method) {
        case 'GET':
            if ($hasBody) {
                throw new Unsupported('php-ovh sends GET content as the query string');
            }
            // php-ovh's own way: the query parameters as the GET content.
            return $api->get($m->path, $query !== null && count((array)$query) > 0 ? (array)$query : null, null, $auth);
        case 'POST':
            return $api->post(with_query($m->path, $query), $hasBody ? $m->body : null, null, $auth);
        case 'PUT':
            return $api->put(with_query($m->path, $query), $hasBody ? $m->body : null, null, $auth);
        case 'DELETE':
            return $api->delete(with_query($m->path, $query), $hasBody ? $m->body : null, null, $auth);
    }
    throw new Unsupported("method $method");
}

function request_consumer_key(object $m)
{
    global $state;
    $rules = [];
    foreach ($m->rules as $r) {
        $rules[] = ['method' => $r->method, 'path' => $r->path];
    }
    return $state['api']->requestCredentials($rules, $m->redirection ?? null);
}

function classify(Throwable $e): ?array
{
    if ($e instanceof RequestException && $e->hasResponse()) {
        $r = $e->getResponse();
        $body = (string)$r->getBody();
        $decoded = json_decode($body, true);
        $message = is_array($decoded) && isset($decoded['message']) ? $decoded['message'] : $body;
        $qid = $r->getHeaderLine('X-Ovh-Queryid');
        return ['kind' => 'api', 'type' => short_name($e), 'status' => $r->getStatusCode(), 'message' => $message,
            'queryId' => $qid !== '' ? $qid : null, 'text' => $e->getMessage()];
    }
    if ($e instanceof ConnectException || $e instanceof RequestException) {
        return ['kind' => 'transport', 'type' => short_name($e), 'status' => null, 'message' => $e->getMessage(),
            'queryId' => null, 'text' => $e->getMessage()];
    }
    if ($e instanceof Ovh\Exceptions\ApiException || $e instanceof Ovh\Exceptions\InvalidParameterException) {
        return ['kind' => 'local', 'type' => short_name($e), 'status' => null, 'message' => $e->getMessage(),
            'queryId' => null, 'text' => $e->getMessage()];
    }
    return null;
}

function short_name(Throwable $e): string
{
    $parts = explode('\\', get_class($e));
    return end($parts);
}

$flags = JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES | JSON_PRESERVE_ZERO_FRACTION | JSON_INVALID_UTF8_SUBSTITUTE;
while (($line = fgets(STDIN)) !== false) {
    $line = trim($line);
    if ($line === '') {
        continue;
    }
    $m = json_decode($line, false, 512, JSON_THROW_ON_ERROR);
    $reply = ['id' => $m->id ?? null];
    try {
        switch ($m->op ?? '') {
            case 'quit':
                echo json_encode($reply + ['ok' => true, 'value' => null], $flags), "\n";
                exit(0);
            case 'hello':
                $value = hello((array)$m);
                break;
            case 'configure':
                $value = configure($m);
                break;
            case 'call':
                $value = call($m);
                break;
            case 'request_consumer_key':
                $value = request_consumer_key($m);
                break;
            default:
                throw new Unsupported('op ' . ($m->op ?? '?') . ' is not implemented by this driver');
        }
        $reply += ['ok' => true, 'value' => $value];
    } catch (Unsupported $e) {
        $reply += ['ok' => false, 'error' => ['kind' => 'unsupported', 'type' => 'Unsupported', 'message' => $e->getMessage()]];
    } catch (Throwable $e) {
        $err = classify($e) ?? ['kind' => 'driver', 'type' => get_class($e), 'status' => null,
            'message' => $e->getMessage(), 'queryId' => null, 'text' => (string)$e];
        $reply += ['ok' => false, 'error' => $err];
    }
    echo json_encode($reply, $flags), "\n";
}
