#!/usr/bin/perl
# Conformance driver for perl-ovh (github.com/ovh/perl-ovh, OvhApi), run on a checkout given
# with `conformance/run.sh --client-src perl-ovh=PATH` (its lib/ first on @INC), on Debian's
# libwww-perl, liblwp-protocol-https-perl and libjson-perl. Speaks the protocol in
# conformance/README.md.
#
# OvhApi has no supported custom endpoint: `type` must be one of its constants, and an unknown
# value silently becomes OVH_API_EU (FINDINGS.md). Two ways to point it at the server, one
# column each (the mode is this script's argument):
#   field  (perl-ovh)     : built with type => OVH_API_EU, then its `_type` field set to the
#                           server's endpoint URL; it signs the URL it calls.
#   public (perl-ovh-lwp) : left on OVH_API_EU; LWP's https scheme handler is replaced (LWP's
#                           own LWP::Protocol::implementor hook) by one that sends each request
#                           to the server instead, which runs with --public-base
#                           https://eu.api.ovh.com and so checks signatures over the production URL.
# Strings are handed to OvhApi as UTF-8 byte strings, as it needs (it signs and sends what
# JSON->encode returns without encoding it).
use strict;
use warnings;

my ($mode) = @ARGV;
$mode ||= 'field';
die "perl-ovh driver: mode must be field or public\n" unless $mode eq 'field' or $mode eq 'public';
my $src = $ENV{OVHMOCK_CLIENT_SRC};
die "perl-ovh driver: OVHMOCK_CLIENT_SRC must name a perl-ovh checkout (with lib/OvhApi.pm)\n"
    unless $src and -f "$src/lib/OvhApi.pm";
unshift @INC, "$src/lib";

require OvhApi;
use JSON ();
use URI;
use URI::Escape qw(uri_escape);
use LWP::Protocol;
use LWP::Protocol::http;

my $Json = JSON->new->allow_nonref->canonical;  # no ->utf8: byte strings in, byte strings out
my %state = (api => undef, config => undef);

# The public-base mode: requests for the production host go to the server under test.
package OvhmockRedirect {
    our @ISA = ('LWP::Protocol::http');
    our $target;  # URI of the server's plain listener, e.g. http://127.0.0.1:PORT
    sub request {
        my ($self, $request, @rest) = @_;
        my $uri = $request->uri->clone;
        $uri->scheme($target->scheme);
        $uri->host_port($target->host_port);
        $request->uri($uri);
        return $self->SUPER::request($request, @rest);
    }
    sub socket_class { 'LWP::Protocol::http::Socket' }
}

sub hello {
    return {
        name => ($mode eq 'field' ? 'perl-ovh' : 'perl-ovh-lwp'), library => 'OvhApi (perl-ovh)',
        version => OvhApi::VERSION() . ' (source)', language => 'perl',
        runtime => sprintf('perl %vd, LWP %s, JSON %s', $^V, $LWP::VERSION, $JSON::VERSION),
        transport => { https_only => JSON::false, signs_port => JSON::true,
                       ($mode eq 'public' ? (public_base => 'https://eu.api.ovh.com') : ()) },
        capabilities => ['call', 'unauth_call', 'query', 'body', 'v1', 'v2', 'consumer_key'],
        source => { OvhApi => $INC{'OvhApi.pm'} },
    };
}

sub new_api {
    my ($c, $consumer_key) = @_;
    my $api = OvhApi->new(type => OvhApi::OVH_API_EU(), applicationKey => $c->{application_key},
                          applicationSecret => $c->{application_secret}, consumerKey => $consumer_key);
    if ($mode eq 'field') {
        $api->{_type} = $c->{endpoint};
    }
    return $api;
}

sub configure {
    my ($m) = @_;
    die { kind => 'unsupported', message => 'perl-ovh is configured through keys, not OAuth2' } if $m->{oauth2};
    if ($mode eq 'public') {
        $OvhmockRedirect::target = URI->new($m->{base_url});
        LWP::Protocol::implementor('https', 'OvhmockRedirect');
    }
    $state{config} = { %$m };
    $state{api} = new_api($m, $m->{consumer_key});
    return {};
}

sub query_string {
    my ($q) = @_;
    return '' unless $q and %$q;
    return join '&', map { uri_escape($_) . '=' . uri_escape($q->{$_}) } sort keys %$q;
}

sub answer {
    my ($a) = @_;
    return $a->content if $a;
    my $response = $a->{response};
    if (($response->header('Client-Warning') || '') eq 'Internal response') {
        die { kind => 'transport', type => 'OvhApi::Answer', message => $response->content, text => "$a" };
    }
    # What a caller sees: status, error() and the string form "<message> (Request-ID: <id>)".
    my $text = "$a";
    my ($qid) = $text =~ /\(Request-ID: ([^)]*)\)\z/;
    die { kind => 'api', type => ref $a, status => $a->status + 0, message => $a->error,
          queryId => ($qid ne '' ? $qid : undef), text => $text };
}

sub call {
    my ($m) = @_;
    die { kind => 'unsupported', message => 'OvhApi cannot set request headers' }
        if $m->{headers} and %{ $m->{headers} };
    my $method = lc $m->{method};
    my $has_body = exists $m->{body} && defined $m->{body};
    die { kind => 'unsupported', message => "OvhApi ignores the body of a $method" }
        if $has_body and ($method eq 'get' or $method eq 'delete');
    my $path = $m->{path};
    my $qs = query_string($m->{query});
    $path .= ($path =~ /\?/ ? '&' : '?') . $qs if $qs ne '';
    my %args = (path => $path);
    $args{body} = $m->{body} if $has_body;
    $args{noSignature} = 1 if exists $m->{auth} and !$m->{auth};
    return answer($state{api}->$method(%args));
}

sub request_consumer_key {
    my ($m) = @_;
    # requestCredentials takes access rules only: a redirection is not sent (FINDINGS.md).
    my $rules = [ map { { method => $_->{method}, path => $_->{path} } } @{ $m->{rules} } ];
    my $value = answer($state{api}->requestCredentials(accessRules => $rules));
    # The documented way to use the new key: a new OvhApi with it.
    $state{api} = new_api($state{config}, $value->{consumerKey});
    return $value;
}

# The runner's JSON escapes non-ASCII (\uXXXX), which decodes to character strings; OvhApi
# needs UTF-8 byte strings (it dies with "Wide character" in sha1_hex otherwise).
sub to_bytes {
    my ($v) = @_;
    if (ref $v eq 'HASH') {
        return { map { my $k = $_; utf8::encode($k); ($k => to_bytes($v->{$_})) } keys %$v };
    }
    return [ map { to_bytes($_) } @$v ] if ref $v eq 'ARRAY';
    utf8::encode($v) if defined $v and !ref $v and utf8::is_utf8($v);
    return $v;
}

my %handlers = (hello => \&hello, configure => \&configure, call => \&call,
                request_consumer_key => \&request_consumer_key);
binmode STDIN;
binmode STDOUT;
$| = 1;
while (my $line = <STDIN>) {
    next unless $line =~ /\S/;
    my $m = to_bytes($Json->decode($line));
    my $reply = { id => $m->{id} };
    if (($m->{op} // '') eq 'quit') {
        print $Json->encode({ %$reply, ok => JSON::true, value => undef }), "\n";
        last;
    }
    my $value = eval {
        my $h = $handlers{ $m->{op} // '' }
            or die { kind => 'unsupported', message => "op $m->{op} is not implemented by this driver" };
        $h->($m);
    };
    if (my $err = $@) {
        if (ref $err eq 'HASH') {
            $reply->{error} = { type => ($err->{kind} eq 'unsupported' ? 'Unsupported' : undef), status => undef,
                                queryId => undef, text => $err->{message}, %$err };
        } else {
            $reply->{error} = { kind => 'driver', type => 'die', message => "$err", text => "$err" };
        }
        $reply->{ok} = JSON::false;
    } else {
        $reply->{ok} = JSON::true;
        $reply->{value} = $value;
    }
    print $Json->encode($reply), "\n";
}
