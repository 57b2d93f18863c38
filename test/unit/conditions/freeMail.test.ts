import fc from 'fast-check';
import {
	DISPOSABLE_MAIL_DOMAINS,
	FREE_MAIL_DOMAINS,
	emailDomain,
	isDisposableMailDomain,
	isFreeMailDomain,
} from '../../../src/conditions/freeMailDomains';

describe('emailDomain', () => {
	it.each([
		['jane@Acme.COM', 'acme.com'],
		['  jane.doe+leads@mail.acme.co.uk  ', 'mail.acme.co.uk'],
		['Jane Doe <jane@Example.org>', 'example.org'],
		['<jane@example.org>', 'example.org'],
		['jane@example.org.', 'example.org'],
		['jörg@müller.de', 'müller.de'],
		['a@b.io', 'b.io'],
		['x@my-company.com', 'my-company.com'],
	])('%j has domain %j', (email, domain) => {
		expect(emailDomain(email)).toBe(domain);
	});

	it.each([
		['no at sign', 'jane.example.org'],
		['empty local part', '@example.org'],
		['empty domain', 'jane@'],
		['two at signs', 'jane@doe@example.org'],
		['single-label domain', 'jane@localhost'],
		['IP literal', 'jane@[10.0.0.1]'],
		['numeric top-level label', 'jane@10.0.0.1'],
		['space in local part', 'ja ne@example.org'],
		['quoted local part', '"jane"@example.org'],
		['label starting with a hyphen', 'jane@-acme.com'],
		['label ending with a hyphen', 'jane@acme-.com'],
		['empty label', 'jane@acme..com'],
		['label of 64 characters', `jane@${'a'.repeat(64)}.com`],
		['local part of 65 characters', `${'j'.repeat(65)}@example.org`],
		['empty string', ''],
	])('%s: %j has none', (_why, email) => {
		expect(emailDomain(email)).toBeUndefined();
	});

	it.each([[undefined], [null], [42], [{ email: 'jane@example.org' }], [['jane@example.org']]])(
		'non-string %j has none',
		(value) => {
			expect(emailDomain(value)).toBeUndefined();
		},
	);

	it('accepts the longest labels and rejects an overlong domain', () => {
		const label63 = 'a'.repeat(63);
		expect(emailDomain(`j@${label63}.com`)).toBe(`${label63}.com`);
		// 4 labels of 63 + 3 dots = 255 characters > 253
		expect(emailDomain(`j@${[label63, label63, label63, label63].join('.')}`)).toBeUndefined();
	});

	it('finds the lower-cased domain of every generated valid address', () => {
		fc.assert(
			fc.property(fc.emailAddress(), (address) => {
				const domain = emailDomain(address) as string;
				expect(domain).toBe(address.slice(address.indexOf('@') + 1).toLowerCase());
			}),
		);
	});
});

describe('isFreeMailDomain and isDisposableMailDomain', () => {
	it.each([
		// domain, free, disposable
		['gmail.com', true, false],
		['googlemail.com', true, false],
		['GMAIL.COM', true, false],
		['gmail.com.', true, false],
		['yahoo.co.uk', true, false],
		['mail.yahoo.co.uk', true, false], // subdomains of a listed domain count
		['outlook.com', true, false],
		['hotmail.fr', true, false],
		['live.de', true, false],
		['icloud.com', true, false],
		['proton.me', true, false],
		['gmx.de', true, false],
		['web.de', true, false],
		['mail.ru', true, false],
		['yandex.ru', true, false],
		['qq.com', true, false],
		['163.com', true, false],
		['naver.com', true, false],
		['zoho.com', true, false],
		['tutanota.com', true, false],
		['fastmail.com', true, false],
		['mailinator.com', true, true], // disposable mail is free too
		['guerrillamail.com', true, true],
		['yopmail.com', true, true],
		['10minutemail.com', true, true],
		['acme.com', false, false],
		['gmail.co', false, false], // a look-alike is not the provider
		['notgmail.com', false, false],
		['gmail.com.evil.io', false, false],
		['co.uk', false, false],
		['com', false, false],
		['', false, false],
	])('%j: free %s, disposable %s', (domain, free, disposable) => {
		expect(isFreeMailDomain(domain)).toBe(free);
		expect(isDisposableMailDomain(domain)).toBe(disposable);
	});

	it('ships a few hundred free domains and over a hundred disposable ones, lower case, none in both', () => {
		expect(FREE_MAIL_DOMAINS.size).toBe(324);
		expect(DISPOSABLE_MAIL_DOMAINS.size).toBe(121);
		for (const domain of [...FREE_MAIL_DOMAINS, ...DISPOSABLE_MAIL_DOMAINS]) {
			expect(emailDomain(`x@${domain}`)).toBe(domain);
		}
		expect([...FREE_MAIL_DOMAINS].filter((domain) => DISPOSABLE_MAIL_DOMAINS.has(domain))).toEqual([]);
	});

	it('reads addresses end to end', () => {
		const free = (email: string) => {
			const domain = emailDomain(email);
			return domain !== undefined && isFreeMailDomain(domain);
		};
		expect(free('Jane <Jane.Doe@GMail.com>')).toBe(true);
		expect(free('jane@acme.com')).toBe(false);
	});
});
