import { expect } from 'chai';
import { constantHtml, html, joinHtml, SafeHtml } from '../../../controller/lib/html.js';

describe('the html tagged template', () => {
  it('escapes every interpolated string and number, in content and in attributes', () => {
    const name = '"><img src=x onerror=alert(1)>';
    expect(String(html`<a title="${name}">${name}</a>`)).to.equal('<a title="&quot;&gt;&lt;img src=x onerror=alert(1)&gt;">&quot;&gt;&lt;img src=x onerror=alert(1)&gt;</a>');
    expect(String(html`<td>${42}</td>`)).to.equal('<td>42</td>');
  });

  it('inserts SafeHtml as is, concatenates lists, and renders false, null and undefined as nothing', () => {
    const row = (text: string): SafeHtml => html`<li>${text}</li>`;
    expect(String(html`<ul>${['<a>', 'b'].map(row)}</ul>${false}${null}${undefined}`)).to.equal('<ul><li>&lt;a&gt;</li><li>b</li></ul>');
    expect(String(joinHtml([html`<b>1</b>`, html`<b>2</b>`], html`<br>`))).to.equal('<b>1</b><br><b>2</b>');
  });

  it('cannot be forged from a string at run time', () => {
    expect(() => new SafeHtml('<script>', Symbol('SafeHtml'))).to.throw(TypeError, /html`/);
    const fake = Object.assign(['<script>alert(1)</script>'], { raw: ['<script>alert(1)</script>'] }) as unknown as TemplateStringsArray;
    expect(() => html(fake)).to.throw(TypeError, /tagged template/);
  });

  it('does not type-check when unescaped markup is passed where SafeHtml is expected', () => {
    const dynamic: string = '<script>alert(1)</script>';
    // @ts-expect-error a plain string is not SafeHtml (the build fails if this ever compiles)
    const fragment: SafeHtml = dynamic;
    expect(fragment instanceof SafeHtml).to.equal(false);
    // @ts-expect-error constantHtml accepts string literals only, never a runtime string
    constantHtml(dynamic);
    expect(String(constantHtml('<style>a{}</style>'))).to.equal('<style>a{}</style>');
  });
});
