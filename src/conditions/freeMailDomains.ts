/**
 * Free (consumer) and disposable email domains, for "email is free-mail / company domain" rules.
 *
 * Where the lists come from: written from general knowledge of widely published free-mail and
 * disposable-mail lists (the big webmail providers, national portals and ISPs across regions, and
 * the best-known throwaway services with their alternate domains); not copied from any repository.
 * How to update: add the registrable domain (lower case, no leading "@" or "www.") to the right
 * list below, keep each region's block roughly alphabetical, and add a case to
 * test/unit/conditions/freeMail.test.ts when it fixes a reported miss. Subdomains need no entry:
 * a domain counts when it or any parent domain is listed ("mail.yahoo.co.uk" counts as yahoo.co.uk).
 *
 * A disposable domain is also a free one (nobody pays for it), so isFreeMailDomain is true for
 * both lists and a company domain is one that is in neither.
 */

const FREE_MAIL = [
	// Global webmail
	'gmail.com', 'googlemail.com',
	'outlook.com', 'outlook.de', 'outlook.es', 'outlook.fr', 'outlook.it', 'outlook.jp', 'outlook.com.br',
	'hotmail.com', 'hotmail.at', 'hotmail.be', 'hotmail.ca', 'hotmail.ch', 'hotmail.co.in', 'hotmail.co.jp',
	'hotmail.co.uk', 'hotmail.com.ar', 'hotmail.com.au', 'hotmail.com.br', 'hotmail.com.mx', 'hotmail.de',
	'hotmail.dk', 'hotmail.es', 'hotmail.fi', 'hotmail.fr', 'hotmail.gr', 'hotmail.it', 'hotmail.nl', 'hotmail.no',
	'hotmail.se',
	'live.com', 'live.at', 'live.be', 'live.ca', 'live.ch', 'live.cl', 'live.co.uk', 'live.com.ar', 'live.com.au',
	'live.com.mx', 'live.de', 'live.dk', 'live.fr', 'live.ie', 'live.in', 'live.it', 'live.jp', 'live.nl', 'live.no',
	'live.se',
	'msn.com', 'passport.com', 'windowslive.com',
	'yahoo.com', 'yahoo.at', 'yahoo.be', 'yahoo.ca', 'yahoo.ch', 'yahoo.cn', 'yahoo.co.id', 'yahoo.co.in',
	'yahoo.co.jp', 'yahoo.co.kr', 'yahoo.co.nz', 'yahoo.co.th', 'yahoo.co.uk', 'yahoo.com.ar', 'yahoo.com.au',
	'yahoo.com.br', 'yahoo.com.hk', 'yahoo.com.mx', 'yahoo.com.my', 'yahoo.com.ph', 'yahoo.com.sg', 'yahoo.com.tr',
	'yahoo.com.tw', 'yahoo.com.vn', 'yahoo.de', 'yahoo.dk', 'yahoo.es', 'yahoo.fi', 'yahoo.fr', 'yahoo.gr',
	'yahoo.ie', 'yahoo.in', 'yahoo.it', 'yahoo.nl', 'yahoo.no', 'yahoo.pl', 'yahoo.pt', 'yahoo.ro', 'yahoo.se',
	'ymail.com', 'rocketmail.com',
	'aol.com', 'aol.co.uk', 'aol.de', 'aol.fr', 'aim.com',
	'icloud.com', 'me.com', 'mac.com',
	'proton.me', 'protonmail.com', 'protonmail.ch', 'pm.me',
	'tutanota.com', 'tutanota.de', 'tutamail.com', 'tuta.io', 'tuta.com', 'keemail.me',
	'fastmail.com', 'fastmail.fm',
	'zoho.com', 'zohomail.com', 'zoho.eu', 'zohomail.eu', 'zohomail.in',
	'hey.com', 'duck.com', 'hushmail.com', 'hush.com', 'mailfence.com', 'mailbox.org', 'posteo.de', 'posteo.net',
	'runbox.com', 'startmail.com', 'countermail.com', 'kolabnow.com', 'disroot.org', 'riseup.net', 'lavabit.com',
	'gmx.com', 'gmx.net', 'gmx.de', 'gmx.at', 'gmx.ch', 'gmx.co.uk', 'gmx.es', 'gmx.fr', 'gmx.us',
	'mail.com', 'email.com', 'usa.com', 'post.com', 'consultant.com', 'myself.com', 'dr.com', 'engineer.com',
	'techie.com', 'writeme.com', 'europe.com', 'asia.com', 'iname.com', 'cheerful.com',
	'lycos.com', 'excite.com', 'inbox.com', 'yandex.com',
	// Europe
	'web.de', 't-online.de', 'freenet.de', 'arcor.de', 'online.de', 'email.de',
	'orange.fr', 'wanadoo.fr', 'free.fr', 'laposte.net', 'sfr.fr', 'neuf.fr', 'club-internet.fr', 'bbox.fr',
	'aliceadsl.fr',
	'libero.it', 'virgilio.it', 'tiscali.it', 'alice.it', 'tin.it', 'email.it', 'inwind.it',
	'terra.es',
	'btinternet.com', 'btopenworld.com', 'sky.com', 'virginmedia.com', 'blueyonder.co.uk', 'ntlworld.com',
	'talktalk.net', 'tiscali.co.uk', 'eircom.net',
	'ziggo.nl', 'kpnmail.nl', 'planet.nl', 'home.nl', 'hetnet.nl', 'casema.nl', 'telenet.be', 'skynet.be',
	'bluewin.ch', 'sapo.pt', 'otenet.gr', 'online.no', 'suomi24.fi',
	'seznam.cz', 'email.cz', 'centrum.cz', 'atlas.cz', 'post.cz',
	'wp.pl', 'o2.pl', 'onet.pl', 'interia.pl', 'op.pl', 'tlen.pl', 'gazeta.pl', 'poczta.fm',
	'abv.bg', 'mail.bg', 'freemail.hu', 'citromail.hu', 'inbox.lv', 'inbox.lt', 'mail.ee',
	'ukr.net', 'i.ua', 'meta.ua',
	'mail.ru', 'inbox.ru', 'list.ru', 'bk.ru', 'internet.ru', 'yandex.ru', 'yandex.by', 'yandex.kz', 'yandex.ua',
	'yandex.com.tr', 'ya.ru', 'rambler.ru', 'lenta.ru', 'autorambler.ru', 'myrambler.ru', 'ro.ru',
	'mynet.com',
	// North America
	'comcast.net', 'verizon.net', 'att.net', 'sbcglobal.net', 'bellsouth.net', 'charter.net', 'cox.net',
	'earthlink.net', 'optonline.net', 'juno.com', 'netzero.net', 'netzero.com', 'roadrunner.com', 'windstream.net',
	'centurylink.net', 'embarqmail.com', 'mindspring.com', 'prodigy.net', 'pacbell.net', 'ameritech.net',
	'swbell.net', 'flash.net',
	'shaw.ca', 'rogers.com', 'sympatico.ca', 'videotron.ca', 'telus.net', 'bell.net', 'cogeco.ca',
	// Latin America
	'terra.com.br', 'uol.com.br', 'bol.com.br', 'ig.com.br', 'prodigy.net.mx',
	// Asia and Pacific
	'qq.com', 'foxmail.com', '163.com', '126.com', 'yeah.net', '188.com', 'sina.com', 'sina.cn', 'sohu.com',
	'139.com', '189.cn', 'aliyun.com', 'tom.com', '21cn.com', 'wo.cn',
	'naver.com', 'hanmail.net', 'daum.net', 'nate.com', 'kakao.com',
	'docomo.ne.jp', 'ezweb.ne.jp', 'softbank.ne.jp', 'i.softbank.jp', 'nifty.com', 'biglobe.ne.jp', 'ocn.ne.jp',
	'rediffmail.com',
	'bigpond.com', 'bigpond.net.au', 'optusnet.com.au', 'iinet.net.au', 'tpg.com.au', 'internode.on.net',
	'adam.com.au', 'westnet.com.au', 'xtra.co.nz',
	// Africa and Middle East
	'mweb.co.za', 'webmail.co.za', 'vodamail.co.za', 'telkomsa.net', 'walla.com', 'walla.co.il',
];

const DISPOSABLE_MAIL = [
	'mailinator.com', 'mailinator.net', 'mailinator2.com', 'notmailinator.com', 'reallymymail.com',
	'sogetthis.com', 'spamherelots.com', 'spamhereplease.com', 'thisisnotmyrealemail.com', 'suremail.info',
	'binkmail.com', 'bobmail.info', 'chammy.info', 'devnullmail.com', 'letthemeatspam.com', 'mailinater.com',
	'safetymail.info', 'tradermail.info', 'veryrealemail.com', 'zippymail.info',
	'guerrillamail.com', 'guerrillamail.net', 'guerrillamail.org', 'guerrillamail.biz', 'guerrillamail.de',
	'guerrillamail.info', 'guerrillamailblock.com', 'sharklasers.com', 'grr.la', 'pokemail.net', 'spam4.me',
	'10minutemail.com', '10minutemail.net', '20minutemail.com', 'minuteinbox.com',
	'temp-mail.org', 'temp-mail.io', 'tempmail.com', 'tempmailo.com', 'tempr.email', 'tempail.com', 'tempinbox.com',
	'tempmailaddress.com', 'tempm.com', 'mytemp.email', 'mail.tm', 'throwawaymail.com', 'throwam.com',
	'yopmail.com', 'yopmail.fr', 'yopmail.net', 'cool.fr.nf', 'jetable.fr.nf', 'courriel.fr.nf',
	'moncourrier.fr.nf', 'monemail.fr.nf', 'monmail.fr.nf', 'nospam.ze.tc', 'nomail.xl.cx', 'mega.zik.dj',
	'speed.1s.fr',
	'trashmail.com', 'trashmail.de', 'trashmail.net', 'trashmail.me', 'trash-mail.com', 'mytrashmail.com',
	'wegwerfmail.de', 'wegwerfmail.net', 'spamgourmet.com', 'spambog.com', 'spambox.us', 'spamex.com',
	'spamfree24.org', 'mailnull.com', 'mailexpire.com',
	'mailnesia.com', 'maildrop.cc', 'dispostable.com', 'discard.email', 'discardmail.com', 'discardmail.de',
	'getnada.com', 'nada.email', 'mintemail.com', 'mohmal.com', 'emailondeck.com', 'fakeinbox.com',
	'fakemail.net', 'mailcatch.com', 'mailforspam.com', 'incognitomail.org', 'anonbox.net', 'burnermail.io',
	'33mail.com', 'emailfake.com', 'generator.email', 'inboxkitten.com', 'harakirimail.com', 'mailpoof.com',
	'moakt.com', '1secmail.com', '1secmail.net', '1secmail.org', 'dropmail.me', '10mail.org', 'emltmp.com',
	'yomail.info', 'mailsac.com', 'mvrht.com',
	'fakemailgenerator.com', 'armyspy.com', 'cuvox.de', 'dayrep.com', 'einrot.com', 'fleckens.hu', 'gustr.com',
	'jourrapide.com', 'rhyta.com', 'superrito.com', 'teleworm.us',
];

const MAX_DOMAIN_LENGTH = 253;
const MAX_LOCAL_PART_LENGTH = 64;
const MAX_ADDRESS_LENGTH = 320;
const LOCAL_PART = /^[^\s@<>()[\]\\,;:"]+$/;
const DOMAIN_LABEL = /^[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?$/u;
// Most addresses are plain ASCII: one pass of this settles them before the per-label Unicode check.
const ASCII_DOMAIN = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/;

export const FREE_MAIL_DOMAINS: ReadonlySet<string> = new Set(FREE_MAIL);
export const DISPOSABLE_MAIL_DOMAINS: ReadonlySet<string> = new Set(DISPOSABLE_MAIL);

/** Free consumer mail, disposable mail included (see the note at the top). */
export function isFreeMailDomain(domain: string): boolean {
	return listedOrParentListed(domain, FREE_MAIL_DOMAINS) || isDisposableMailDomain(domain);
}

export function isDisposableMailDomain(domain: string): boolean {
	return listedOrParentListed(domain, DISPOSABLE_MAIL_DOMAINS);
}

function listedOrParentListed(domain: string, list: ReadonlySet<string>): boolean {
	if (typeof domain !== 'string' || domain.length > MAX_DOMAIN_LENGTH) return false;
	let candidate = domain.trim().toLowerCase().replace(/\.$/, '');
	for (;;) {
		if (list.has(candidate)) return true;
		const dot = candidate.indexOf('.');
		if (dot < 0) return false;
		candidate = candidate.slice(dot + 1);
	}
}

/**
 * The lower-cased domain of a plausible email address, or undefined. Accepts "jane@acme.com" and
 * "Jane Doe <jane@acme.com>", with surrounding spaces; rejects quoted local parts, IP literals,
 * single-label domains and numeric top-level labels. Internationalised domains are kept as
 * written (not converted to punycode), so lists match their Unicode or ASCII form as given.
 */
export function emailDomain(email: unknown): string | undefined {
	if (typeof email !== 'string' || email.length > MAX_ADDRESS_LENGTH * 2) return undefined;
	let address = email.trim();
	const bracketed = /<([^<>]*)>$/.exec(address);
	if (bracketed) address = bracketed[1].trim();
	if (address.length > MAX_ADDRESS_LENGTH) return undefined;
	const at = address.indexOf('@');
	if (at < 0 || at !== address.lastIndexOf('@')) return undefined;
	const local = address.slice(0, at);
	if (local.length === 0 || local.length > MAX_LOCAL_PART_LENGTH || !LOCAL_PART.test(local)) return undefined;
	const domain = address.slice(at + 1).toLowerCase().replace(/\.$/, '');
	if (domain.length > MAX_DOMAIN_LENGTH) return undefined;
	const topLevel = domain.slice(domain.lastIndexOf('.') + 1);
	if (/^\d+$/.test(topLevel)) return undefined;
	if (ASCII_DOMAIN.test(domain)) return domain;
	const labels = domain.split('.');
	if (labels.length < 2 || !labels.every((label) => DOMAIN_LABEL.test(label))) return undefined;
	return domain;
}
