<?php
// Sends an SMS through Symfony's OvhCloud Notifier transport (Debian's
// php-symfony-ovh-cloud-notifier, unmodified) to ovhmock over HTTPS, then finds it through the
// control plane's sink with the right text, sender, receiver and segment count; then checks that
// the transport reports the mock's errors (not enough credits) as the real API's would be.
// Usage: php symfony_ovhcloud.php TLS_HOST:PORT ADMIN_URL CA_FILE
declare(strict_types=1);

require_once '/usr/share/php/Symfony/Component/Notifier/Bridge/OvhCloud/autoload.php';

use Symfony\Component\HttpClient\HttpClient;
use Symfony\Component\Notifier\Bridge\OvhCloud\OvhCloudTransportFactory;
use Symfony\Component\Notifier\Exception\TransportException;
use Symfony\Component\Notifier\Message\SmsMessage;
use Symfony\Component\Notifier\Transport\Dsn;

[$script, $host, $admin, $caFile] = $argv + [null, null, null, null];
if ($caFile === null) {
    fwrite(STDERR, "usage: php symfony_ovhcloud.php TLS_HOST:PORT ADMIN_URL CA_FILE\n");
    exit(2);
}

function check(bool $ok, string $what): void
{
    if (!$ok) {
        fwrite(STDERR, "FAIL: $what\n");
        exit(1);
    }
    echo "ok: $what\n";
}

function admin(string $method, string $url, ?string $body = null): array
{
    $context = stream_context_create(['http' => [
        'method' => $method, 'ignore_errors' => true,
        'header' => "Content-Type: application/json\r\n", 'content' => $body ?? '',
    ]]);
    $text = file_get_contents($url, false, $context);
    return json_decode($text === false ? 'null' : $text, true) ?? [];
}

// The DSN an application configures (OVHCLOUD_DSN), with the default data set's keys and the
// mock's host and port; the HTTP client trusts the mock's generated CA.
$dsn = "ovhcloud://7kbG7Bk7S9Nt7ZSV:Hq3vX8nP2mL6tR9wK4zB7cD1fG5jN0sA@$host"
    . '?consumer_key=a3f9c1e07b2d4e5f8a9b0c1d2e3f4a5b&service_name=sms-ab12345-1&sender=EXAMPLE';
$factory = new OvhCloudTransportFactory(null, HttpClient::create(['cafile' => $caFile]));
$transport = $factory->create(new Dsn($dsn));

admin('DELETE', "$admin/sms/messages");
$text = str_repeat('Your code is 123456. ', 9) . 'Bye';  // 192 GSM characters: 2 parts
$sent = $transport->send(new SmsMessage('+33601020304', $text));
check($sent->getMessageId() !== null && $sent->getMessageId() !== '', 'the transport got a message id');

$messages = admin('GET', "$admin/sms/messages?receiver=" . rawurlencode('+33601020304'));
check(count($messages) === 1, 'the sink holds one message for the receiver');
$m = $messages[0];
check($m['message'] === $text, 'the text is the one sent');
check($m['sender'] === 'EXAMPLE', 'the sender is EXAMPLE');
check($m['receiver'] === '+33601020304', 'the receiver is +33601020304');
check($m['segments'] === 2 && $m['encoding'] === '7bits', 'a 192-character GSM text is 2 segments');
check((string) $m['id'] === (string) $sent->getMessageId(), 'the id the transport got is the message id');

// Without a sender, the transport sets senderForResponse.
$transport->setSender(null);
$transport->send(new SmsMessage('+33601020305', 'Réponse possible 😀'));
$reply = admin('GET', "$admin/sms/messages?receiver=" . rawurlencode('+33601020305'));
check(count($reply) === 1 && $reply[0]['encoding'] === 'unicode' && $reply[0]['segments'] === 1,
    'a senderForResponse message with an emoji is one UCS-2 segment');

// A receiver that is not international: the API answers 200 with invalidReceivers.
try {
    $transport->send(new SmsMessage('0601020304', 'hello'));
    check(false, 'a national number is refused');
} catch (TransportException $e) {
    check(str_contains($e->getMessage(), 'invalid receivers: "0601020304"'), 'a national number is an invalid receiver');
}

// No credits: the transport reports the API's message.
admin('POST', "$admin/sms/accounts/sms-ab12345-1/credits", '{"credits":0}');
try {
    $transport->send(new SmsMessage('+33601020306', 'hello'));
    check(false, 'a send without credits is refused');
} catch (TransportException $e) {
    check(str_contains($e->getMessage(), 'Not enough credits'), 'without credits: ' . $e->getMessage());
}
check(count(admin('GET', "$admin/sms/messages?receiver=" . rawurlencode('+33601020306'))) === 0,
    'nothing recorded without credits');
echo "symfony ovhcloud notifier: all checks passed\n";
