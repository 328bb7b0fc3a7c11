using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Bazaar.Web.Tests;

/// <summary>How the pages hold up on a phone, which font and pictures they show, in a real browser.</summary>
public sealed class LayoutTests(WebPlatform platform) : IAsyncDisposable
{
    public ValueTask DisposeAsync() => platform.ReportIfFailedAsync();

    private static readonly string[] AdminPages = ["/admin", "/admin/products", "/admin/categories", "/admin/orders", "/admin/shipping", "/admin/tax", "/admin/promotions", "/admin/reviews", "/admin/audit", "/admin/users"];

    [Fact]
    public async Task AdminPages_AtPhoneWidth_FitTheScreenKeepTheirNavigationAndLabelEveryControl()
    {
        var page = await platform.NewPageAsync(phone: true);
        await Browser.SignInAsync(page, WebPlatform.AdminEmail, WebPlatform.AdminPassword, "/admin");

        foreach (var path in AdminPages)
        {
            await OpenOnAPhoneAsync(page, path);
            await Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Administration" }).GetByRole(AriaRole.Link, new() { Name = "Orders" })).ToBeVisibleAsync();
        }

        await Browser.ScreenshotAsync(page, "admin-users-phone");
    }

    [Fact]
    public async Task ShopperPages_AtPhoneWidth_FitTheScreenAndLabelEveryControl()
    {
        using var admin = await Api.AdminAsync(platform);
        var category = await Api.CreateCategoryAsync(admin, "Umbrellas");
        var name = "Folding umbrella " + AdminData.Suffix();
        var product = await Api.CreateProductAsync(admin, category.Id, name, 18m, 5);
        await Api.StockedAsync(admin, product, 5);

        var page = await platform.NewPageAsync(phone: true);
        await Browser.RegisterAsync(page, "Phone Shopper", Browser.NewEmail());
        await Browser.GoToAsync(page, $"/products/{product}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add to cart" }).PressAsync("Enter");
        await Expect(page.GetByText($"Added 1 × {name}")).ToBeVisibleAsync(new() { Timeout = 30_000 });

        foreach (var path in new[] { "/", $"/products/{product}", "/cart", "/orders", "/account/profile", "/account/addresses", "/account/sessions", "/account/preferences", "/account/notifications" })
        {
            await OpenOnAPhoneAsync(page, path);
        }

        await OpenOnAPhoneAsync(page, "/account/profile");
        await Browser.ScreenshotAsync(page, "profile-phone");
        await Browser.GoToAsync(page, "/cart");
        await Browser.ScreenshotAsync(page, "cart-phone");
    }

    [Fact]
    public async Task Storefront_ShowsItsTextInTheRobotoItServesItself()
    {
        var page = await platform.NewPageAsync();
        await Browser.GoToAsync(page, "/");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToBeVisibleAsync();

        // A face loads only when text on the page needs it; one the shop does not serve fails to load.
        var loaded = await page.EvaluateAsync<string[]>("""
            async () => {
              await document.fonts.ready;
              return [...document.fonts].filter(f => f.status === 'loaded').map(f => `${f.family.replaceAll('"', '')} ${f.weight}`);
            }
            """);

        Assert.Contains("Roboto 400", loaded);
        Assert.Contains("Roboto 500", loaded);
    }

    [Fact]
    public async Task ProductPage_ShowsItsPicturesAndLeavesOutOneThatDoesNotLoad()
    {
        using var admin = await Api.AdminAsync(platform);
        var category = await Api.CreateCategoryAsync(admin, "Vases");
        var name = "Glazed vase " + AdminData.Suffix();
        var product = await Api.CreateProductAsync(admin, category.Id, name, 40m, 2,
            ["https://pictures.example.test/vase-front.png", "https://pictures.example.test/vase-gone.png", "https://pictures.example.test/vase-side.png"]);

        var page = await platform.NewPageAsync();
        await Browser.RegisterAsync(page, "Pia Picture", Browser.NewEmail());
        // The pictures live outside the shop (a CDN): the browser gets them from here instead.
        await page.RouteAsync("https://pictures.example.test/**", route => route.Request.Url.EndsWith("-gone.png", StringComparison.Ordinal)
            ? route.FulfillAsync(new() { Status = 404 })
            : route.FulfillAsync(new() { Status = 200, ContentType = "image/png", BodyBytes = Pixel }));
        await Browser.GoToAsync(page, $"/products/{product}");

        var pictures = page.GetByTestId("product-images").GetByRole(AriaRole.Img);
        await Expect(pictures).ToHaveCountAsync(2, new() { Timeout = 30_000 });
        await Expect(pictures.First).ToHaveAttributeAsync("alt", $"{name}, picture 1 of 3");
        await Expect(pictures.Last).ToHaveAttributeAsync("alt", $"{name}, picture 3 of 3");
        Assert.True(await pictures.First.EvaluateAsync<int>("img => img.naturalWidth") > 0, "the first picture did not load");

        // The page keeps working after the broken picture is left out.
        await page.GetByRole(AriaRole.Button, new() { Name = "Add to cart" }).PressAsync("Enter");
        await Expect(page.GetByText($"Added 1 × {name}")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Expect(pictures).ToHaveCountAsync(2);
    }

    /// <summary>
    /// Opens <paramref name="path"/> and checks it holds up on a phone (<see cref="PhoneProblemsAsync"/>)
    /// once it has loaded what it shows: the heading comes before the page's content, and a check made
    /// while the content still loads passes whatever the content would do to the layout.
    /// </summary>
    private static async Task OpenOnAPhoneAsync(IPage page, string path)
    {
        await Browser.GoToAsync(page, path);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToBeVisibleAsync();
        await Expect(page.Locator("[role=progressbar][aria-label^=Loading]")).ToHaveCountAsync(0);
        var problems = await PhoneProblemsAsync(page);
        // Assert.Empty would cut each problem short, and the end of one names what sticks out.
        Assert.True(problems.Length == 0, string.Join(Environment.NewLine, problems));
    }

    /// <summary>
    /// What a phone user could not see or reach on the page: anything wider than the screen, a
    /// header link pushed out of view, the page's heading under the header, a control with no
    /// label for a screen reader to read out.
    /// </summary>
    private static async Task<string[]> PhoneProblemsAsync(IPage page) =>
        await page.EvaluateAsync<string[]>("""
            async () => {
              // Measured in the fonts the visitor ends up with, not in the fallback shown while they load.
              await document.fonts.ready;
              const problems = [];
              const path = location.pathname;
              const wider = document.documentElement.scrollWidth - window.innerWidth;
              if (wider > 0) {
                // Names the innermost elements that reach past the screen's right edge: what to fix.
                const out = [...document.body.querySelectorAll('*')].filter(e => e.getBoundingClientRect().right > window.innerWidth + 0.5);
                const innermost = out.filter(e => !out.some(o => o !== e && e.contains(o))).slice(0, 3)
                  .map(e => `${e.tagName.toLowerCase()}.${[...e.classList].join('.')} "${e.textContent.trim().slice(0, 60)}"`);
                problems.push(`${path} is ${wider} px wider than the screen (sticking out: ${innermost.join('; ')})`);
              }
              const header = document.querySelector('header');
              for (const control of document.querySelectorAll('nav[aria-label=Main] a, nav[aria-label=Main] button')) {
                const box = control.getBoundingClientRect();
                if (box.top < 0 || box.bottom > header.getBoundingClientRect().bottom) problems.push(`${path}: "${control.textContent.trim()}" sticks out of the header`);
              }
              for (const control of document.querySelectorAll('input:not([type=hidden]), textarea, select, button, a[href], [role=combobox], [role=button], [role=checkbox], [role=radio]')) {
                if (control.closest('[aria-hidden=true]') || control.getAttribute('tabindex') === '-1' || !control.checkVisibility()) continue;
                const labelledBy = (control.getAttribute('aria-labelledby') ?? '').split(' ').map(id => document.getElementById(id)?.textContent ?? '').join('');
                const name = [control.getAttribute('aria-label'), labelledBy, [...(control.labels ?? [])].map(l => l.textContent).join(''),
                  control.textContent, control.getAttribute('title'), control.getAttribute('placeholder'), control.querySelector('img[alt]')?.alt]
                  .map(n => (n ?? '').trim()).find(n => n.length > 0);
                if (!name) problems.push(`${path}: a ${control.tagName.toLowerCase()} has no label (${control.outerHTML.slice(0, 120)})`);
              }
              const heading = document.querySelector('h1');
              if (heading.getBoundingClientRect().top < header.getBoundingClientRect().bottom) problems.push(`${path}: the heading is under the header`);
              return problems;
            }
            """);

    /// <summary>A 1 × 1 PNG.</summary>
    private static readonly byte[] Pixel = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");
}
