"""Articles written for khaldun's tests (no text from elsewhere)."""

# Articles written for these tests: one mortar attack told by two sources with different figures, an
# unrelated attack in another town, and a ministry's running toll.
GOVERNOR = {"id": "t-governor", "url": "https://example.org/a/baidoa-market", "outlet": "Example Wire",
            "published": "2025-03-05",
            "text": "Mortar shells hit the central market in Baidoa on Tuesday, killing seven people, the regional governor said."}
ELDER = {"id": "t-elder", "url": "https://example.net/news/baidoa", "outlet": "Other Wire", "published": "2025-03-05",
         "text": "Mortar shells struck the central market in Baidoa on Tuesday, killing 12 people, a local elder told reporters."}
KISMAYO = {"id": "t-kismayo", "url": "https://example.org/a/kismayo", "outlet": "Example Wire", "published": "2025-03-09",
           "text": "Gunmen attacked a police station in Kismayo on Friday, killing two officers, police said."}
TOLL_1 = {"id": "t-toll-1", "url": "https://example.org/a/toll-1", "outlet": "Example Wire", "published": "2025-03-01",
          "text": "The health ministry said on Saturday that 1,200 people have been killed in the region since January."}
TOLL_2 = {"id": "t-toll-2", "url": "https://example.org/a/toll-2", "outlet": "Example Wire", "published": "2025-03-08",
          "text": "The health ministry said on Saturday that 1,150 people have been killed in the region since January."}


ROCKETS = {"id": "t-rockets", "url": None, "outlet": "Example Wire", "published": "2025-04-02",
           "text": ("The armed wing of the movement said on Tuesday that it had fired a barrage of rockets at Ashkelon.\n\n"
                    "Israeli media reported that two rockets were fired at Ashkelon on Tuesday.\n\n"
                    "Army Radio said one rocket came from Beit Lahia.\n\n"
                    "Meanwhile, fighters clashed with soldiers in Khan Younis on Tuesday, the group said.")}


# An article whose text holds markup: it must render as text, inert.
HOSTILE = {"id": "t-hostile", "url": "javascript:alert(1)", "outlet": "<b>Bad</b> Wire", "published": "2025-03-06",
           "title": "<script>window.pwned=1</script>",
           "text": ("A roadside bomb hit a minibus near Jowhar on Sunday, killing three people, police said. "
                    "<script>window.pwned = 1;</script> <img src=x onerror=\"window.pwned=2\"> "
                    "The <b>governor</b> said the road was closed.")}

# a later story that recalls the Baidoa market shelling (GOVERNOR, ELDER) and an older bombing no article tells as news
RECALL = {"id": "t-later", "url": "https://example.org/a/baidoa-again", "outlet": "Example Wire", "published": "2025-05-20",
          "text": "Gunmen stormed a checkpoint in Baidoa on Monday, killing three soldiers, the army said. "
                  "On 4 March 2025, mortar shells hit the central market in Baidoa, killing 40 people. "
                  "In June 2023, a car bomb killed 18 people at a hotel in Baidoa."}

# a counter-account of the Baidoa market shelling (GOVERNOR, ELDER): a denial that names another cause
DENIAL = {"id": "t-denial", "url": "https://example.net/news/baidoa-denial", "outlet": "Third Wire", "published": "2025-03-05",
          "text": "The militia denied any role in the shelling of the central market in Baidoa on Tuesday and said the market "
                  "was hit by an air-defence missile."}
